package org.backupbatch.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a user expects of a restored tree, read with the real {@code find}: every entry's type,
 * permissions, mtime (seconds), size and sha256 for files, target for symlinks. Names are kept as
 * raw bytes (ISO-8859-1 strings) so any name, even one that is not UTF-8, compares exactly.
 */
final class TreeSnapshot {

    private TreeSnapshot() {
    }

    static SortedMap<String, String> of(Path root) {
        String script = "find . -printf '%y %m %Ts %s %l\\0%p\\0' \\( -type f -exec sh -c 'sha256sum < \"$1\"' sh {} \\; "
                + "-o -true \\)";
        byte[] out = Processes.check(java.util.List.of("sh", "-c", script + " | base64 -w0"), root).strip()
                .transform(s -> java.util.Base64.getDecoder().decode(s));
        return parse(new java.io.ByteArrayInputStream(out));
    }

    static SortedMap<String, String> without(SortedMap<String, String> tree, Predicate<String> excluded) {
        SortedMap<String, String> kept = new TreeMap<>();
        tree.forEach((path, attrs) -> {
            if (!excluded.test(path)) {
                kept.put(path, attrs);
            }
        });
        return kept;
    }

    private static SortedMap<String, String> parse(InputStream in) {
        SortedMap<String, String> tree = new TreeMap<>();
        try {
            String attrs;
            while ((attrs = until(in, 0)) != null) {
                String path = until(in, 0);
                String[] f = attrs.split(" ", 5);
                String type = f[0];
                StringBuilder value = new StringBuilder(type).append(" mode=").append(f[1]);
                if (!type.equals("l")) {
                    value.append(" mtime=").append(f[2]);
                }
                if (type.equals("f")) {
                    value.append(" size=").append(f[3]).append(" sha256=").append(until(in, '\n').substring(0, 64));
                }
                if (type.equals("l")) {
                    value.append(" target=").append(f[4]);
                }
                tree.put(path, value.toString());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return tree;
    }

    private static String until(InputStream in, int end) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != end) {
            bytes.write(b);
        }
        return b == -1 && bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    static String describe(Map<String, String> tree) {
        StringBuilder text = new StringBuilder();
        tree.forEach((k, v) -> text.append(k).append(" -> ").append(v).append('\n'));
        return text.toString();
    }
}
