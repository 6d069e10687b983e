package org.backupbatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.remote.Sizes;

/**
 * The last line on stdout of every run: stable {@code key=value} tokens that schedulers match
 * on, e.g. {@code backup site=blog id=… status=COMPLETED files=20431 bytes=1.2GB db=48MB
 * duration=41s archive=…}. Values with spaces, quotes or control characters are double-quoted; no
 * value shows a secret.
 */
final class Summary {

    private final List<String> tokens = new ArrayList<>();
    private final Map<String, String> fields = new LinkedHashMap<>();

    Summary(String job) {
        tokens.add(job);
        fields.put("job", job);
    }

    /** Adds {@code key=value}; a secret value this process knows reads {@code <hidden>} ({@link ShownWords#masked}). */
    Summary add(String key, Object value) {
        if (value != null) {
            String text = ShownWords.masked(value.toString());
            boolean plain = !text.isEmpty() && text.chars().allMatch(c -> c > ' ' && c != '"' && c != '\\' && c != 0x7f);
            tokens.add(key + "=" + (plain ? text : quoted(text)));
            fields.put(key, text);
        }
        return this;
    }

    /** The command that resumes the run, with its secret words hidden, and the hint about them. */
    Summary resume(CommandLine command) {
        return add("resume", command.rerunCommand()).add("hint", command.resumeHint());
    }

    /**
     * Double-quoted, {@code \} and {@code "} escaped, control characters as {@code \n}, {@code \r},
     * {@code \t} or {@code \xNN}: the summary stays one line whatever a name or a message holds (a
     * file named {@code "x\nstatus=COMPLETED"} cannot forge a line).
     */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> {
            switch (c) {
                case '\\', '"' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < ' ' || c == 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c));
            }
        });
        return out.append('"').toString();
    }

    Summary bytes(String key, Long bytes) {
        return bytes == null ? this : add(key, Sizes.human(bytes));
    }

    Summary duration(Duration d) {
        return add("duration", d.toSeconds() + "s");
    }

    /** A path relative to the current folder when it lies under it, as a user would type it. */
    Summary path(String key, String path) {
        if (path == null) {
            return this;
        }
        Path p = Path.of(path);
        Path cwd = Path.of("").toAbsolutePath();
        return add(key, p.startsWith(cwd) ? cwd.relativize(p).toString() : path);
    }

    /** The tokens as fields, {@code job} first, values unquoted and masked: what a notice carries. */
    Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public String toString() {
        return String.join(" ", tokens);
    }
}
