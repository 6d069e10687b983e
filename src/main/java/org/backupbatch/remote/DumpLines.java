package org.backupbatch.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A dump's lines, each byte one char (ISO-8859-1), where only {@code \n} ends a line: mysqldump
 * escapes line breaks inside values, but writes names raw, and a table named with a {@code \r}
 * is one line more for {@link java.io.BufferedReader#readLine()} (which also splits on {@code \r})
 * than for the dump. Not closed here: the caller owns the stream.
 */
final class DumpLines {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int limit;

    DumpLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its {@code \n}, or null at the end. */
    String next() throws IOException {
        line.setLength(0);
        while (true) {
            if (pos == limit && !fill()) {
                return line.length() == 0 ? null : line.toString();
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            line.append(new String(buffer, start, pos - start, StandardCharsets.ISO_8859_1));
            if (pos < limit) {
                pos++;
                return line.toString();
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        pos = 0;
        limit = Math.max(0, read);
        return read > 0;
    }
}
