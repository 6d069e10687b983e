package org.backupbatch.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A dump's lines, each byte one char (ISO-8859-1), where only {@code \n} ends a line: mysqldump
 * escapes line breaks inside values, but writes names raw, and a table named with a {@code \r}
 * is one line more for {@link java.io.BufferedReader#readLine()} (which also splits on {@code \r})
 * than for the dump. Not closed here: the caller owns the stream.
 *
 * <p>Memory stays bounded whatever the rows: one {@code INSERT} of a 150 MB BLOB is one line of
 * 300 MB ({@code --hex-blob}). A line longer than {@link #PIECE} chars comes in pieces, each cut
 * between two word chars ({@code [A-Za-z0-9_]}): there no token of the dump's syntax that a
 * scanner looks ahead for (quotes doubled or escaped, comment openers, the delimiter) can be
 * split; a word can, which a scanner inside a value ignores. A line with no such place (none in
 * what mysqldump writes) grows until one comes.
 */
final class DumpLines {

    /** Pieces of a long line are about this many chars. */
    static final int PIECE = 1 << 16;

    /**
     * Part of a line, or all of it.
     *
     * @param text      the chars, without the {@code \n}
     * @param startsLine whether it is the start of its line
     * @param endsLine  whether it is the end of its line (a whole line: both)
     */
    record Piece(String text, boolean startsLine, boolean endsLine) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final StringBuilder line = new StringBuilder();
    private boolean continued;
    private int pos;
    private int limit;

    DumpLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its {@code \n}, or its next piece; null at the end. */
    Piece next() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return line.length() == 0 ? null : emit(line.length(), true);
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            line.append(new String(buffer, start, pos - start, StandardCharsets.ISO_8859_1));
            if (pos < limit) {
                pos++;
                return emit(line.length(), true);
            }
            int cut = line.length() >= PIECE ? cut() : -1;
            if (cut > 0) {
                return emit(cut, false);
            }
        }
    }

    /** The last place in the line so far between two word chars, or -1. */
    private int cut() {
        for (int i = line.length() - 1; i > 0; i--) {
            if (word(line.charAt(i)) && word(line.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private Piece emit(int end, boolean endsLine) {
        Piece piece = new Piece(line.substring(0, end), !continued, endsLine);
        line.delete(0, end);
        continued = !endsLine;
        return piece;
    }

    private static boolean word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        pos = 0;
        limit = Math.max(0, read);
        return read > 0;
    }
}
