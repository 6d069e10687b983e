package org.backupbatch.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content check of an incremental night: the host hashes the files the listing calls
 * unchanged ({@link #COMMAND}, the paths NUL-separated on stdin; CPU on the host, nothing but
 * the sums crosses the network) and each sum is compared with the one the last backup recorded.
 * It catches what a listing cannot see: content rewritten with the same size and mtime.
 */
public final class ContentSums {

    /** One batched run: {@code <sha256>  <path>\0} a file, names unescaped ({@code -z}). */
    public static final String COMMAND = "xargs -0 -r sha256sum -z --";

    private ContentSums() {
    }

    /** The paths for {@link #COMMAND}'s stdin. */
    public static void writeList(List<FileEntry> files, OutputStream out) throws IOException {
        for (FileEntry e : files) {
            out.write(e.path().getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
    }

    /**
     * The files whose sum on the host differs from the recorded one, or that the host did not
     * hash (gone, unreadable): those are fetched again.
     */
    public static Set<String> differing(InputStream sums, List<FileEntry> files) throws IOException {
        Map<String, String> expected = new HashMap<>();
        files.forEach(e -> expected.put(e.path(), e.sha256()));
        Set<String> seen = new HashSet<>();
        Set<String> differ = new HashSet<>();
        ByteArrayOutputStream record = new ByteArrayOutputStream(128);
        int b;
        while ((b = sums.read()) != -1) {
            if (b != 0) {
                record.write(b);
                continue;
            }
            String line = record.toString(StandardCharsets.ISO_8859_1);
            record.reset();
            if (line.length() < 67 || !line.startsWith("  ", 64)) {
                throw new IOException("not a line of sha256sum -z: " + line);
            }
            String path = line.substring(66);
            seen.add(path);
            if (!line.substring(0, 64).equals(expected.get(path))) {
                differ.add(path);
            }
        }
        if (record.size() > 0) {
            throw new IOException("the sums end inside a line: they are cut");
        }
        for (String path : expected.keySet()) {
            if (!seen.contains(path)) {
                differ.add(path);
            }
        }
        return differ;
    }
}
