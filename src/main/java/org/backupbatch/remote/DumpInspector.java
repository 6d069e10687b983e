package org.backupbatch.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.Streams;
import org.backupbatch.sql.DumpRowCounter;

/**
 * Reads a dump's text as it passes, in 64 KB pieces at most (see {@link DumpLines}): its size,
 * sum, tables, rows per table and last non-empty line. The text may come in several parts (the
 * sections of an incremental dump), each read with {@link #read}; each part's own size, sum and
 * first lines are returned, the figures of the whole are in {@link #contents()}.
 */
final class DumpInspector {

    /** What the whole dump holds. */
    record Contents(long bytes, String sha256, int tables, String lastLine, Map<String, Long> rows) {
    }

    /**
     * One part of the dump.
     *
     * @param head its first four lines (fewer when it has fewer), as ISO-8859-1 chars
     */
    record Part(long bytes, String sha256, String[] head) {
    }

    private final MessageDigest whole = Sha256.newDigest();
    private final DumpRowCounter rows = new DumpRowCounter();
    private long bytes;
    private int tables;
    private String last = "";

    /** Reads one part to its end (not closed here). */
    Part read(InputStream text) throws IOException {
        MessageDigest own = Sha256.newDigest();
        String[] head = new String[0];
        Streams.CountingInput counted = new Streams.CountingInput(
                new DigestInputStream(new DigestInputStream(text, whole), own));
        DumpLines lines = new DumpLines(counted);
        DumpLines.Piece piece;
        while ((piece = lines.next()) != null) {
            String line = piece.text();
            rows.accept(line, piece.endsLine());
            if (piece.startsLine() && head.length < 4) {
                head = java.util.Arrays.copyOf(head, head.length + 1);
                head[head.length - 1] = line.length() > 200 ? line.substring(0, 200) : line;
            }
            if (piece.startsLine() && line.startsWith("CREATE TABLE ")) {
                tables++;
            }
            if (!line.isEmpty()) {
                last = piece.startsLine() ? line : ""; // the tail of a long line is no line of its own
            }
        }
        bytes += counted.count();
        return new Part(counted.count(), Sha256.hex(own), head);
    }

    /** The rows counted so far of one table (its name as the dump writes it, UTF-8). */
    Long rows(String table) {
        return utf8Names(rows.counts()).get(table);
    }

    Contents contents() {
        return new Contents(bytes, Sha256.hex(whole), tables, last, utf8Names(rows.counts()));
    }

    /** The lines were read as ISO-8859-1 (every byte kept); the dump's names are UTF-8. */
    static Map<String, Long> utf8Names(Map<String, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((table, n) -> named.put(utf8(table), n));
        return named;
    }

    static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
