package org.backupbatch.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.backupbatch.ssh.CommandResult;

/**
 * Tells what GNU tar's stderr lines (in the C locale) say about a live site, and whether tar's
 * exit status may be trusted as "done, with warnings". The files stream runs tar with
 * {@code --ignore-failed-read}, so a path listed earlier that has since vanished ({@code Warning:
 * Cannot stat: No such file or directory}), a file that shrank, or an unreadable one leaves exit
 * 0; a file that changed while read leaves exit 1 ({@code file changed as we read it}); only a
 * real failure (cannot write, bad option, out of memory) leaves 2. Without that option a vanished
 * file would be an exit 2 indistinguishable from those failures.
 * <p>
 * Exit 1 is trusted only when a line says a file changed: another program's 1 (a tar that is not
 * GNU tar and rejects an option) must not pass for a live site. Every line becomes a warning as
 * tar printed it, so each affected path is listed once.
 */
final class TarMessages {

    /** What a line of tar's stderr reports. */
    enum Kind {
        /** Changed while read: exit 1. */
        CHANGED,
        /** Shorter than when tar started it: padded with zeros, exit 0 with our options. */
        SHRANK,
        /** Listed, then gone before tar reached it. */
        VANISHED,
        /** Could not be read (permissions, I/O error): a warning with our options. */
        UNREADABLE,
        /** Anything else: tar's own errors, other programs' lines. */
        OTHER
    }

    private static final Pattern CHANGED = Pattern.compile(
            "tar: .*: (file changed as we read it|File removed before we read it)");
    private static final Pattern SHRANK = Pattern.compile(
            "tar: .*: File shrank by \\d+ bytes?; padding with zeros");
    private static final Pattern VANISHED = Pattern.compile(
            "tar: .*: Warning: Cannot \\w+: No such file or directory");
    private static final Pattern UNREADABLE = Pattern.compile(
            "tar: .*: (Warning: Cannot \\w+|Warning: Read error at byte \\d+).*");

    private TarMessages() {
    }

    static Kind kind(String line) {
        if (CHANGED.matcher(line).matches()) {
            return Kind.CHANGED;
        }
        if (SHRANK.matcher(line).matches()) {
            return Kind.SHRANK;
        }
        if (VANISHED.matcher(line).matches()) {
            return Kind.VANISHED;
        }
        return UNREADABLE.matcher(line).matches() ? Kind.UNREADABLE : Kind.OTHER;
    }

    /**
     * The warnings of a tar that exited 0 or 1, one per stderr line.
     *
     * @param where names the host in messages
     * @throws IOException when tar failed, or exited 1 without saying that a file changed
     */
    static List<String> warnings(int tarStatus, CommandResult result, String where) throws IOException {
        if (tarStatus > 1 || tarStatus < 0) {
            throw new IOException("tar failed on " + where + " with status " + tarStatus + ": " + errors(result));
        }
        boolean changed = result.stderrLines().stream().anyMatch(l -> kind(l) == Kind.CHANGED);
        if (tarStatus == 1 && !changed && !result.stderrTruncated()) {
            throw new IOException("tar ended with status 1 on " + where + " without saying that a file changed "
                    + "(is it GNU tar?): " + result.stderrTail(5));
        }
        List<String> warnings = new ArrayList<>();
        result.stderrLines().forEach(line -> warnings.add(line.startsWith("tar: ") ? line : "tar: " + line));
        if (result.stderrTruncated()) {
            warnings.add("tar: more warnings were printed than kept");
        }
        return warnings;
    }

    /** For the log: how many lines of each kind, e.g. {@code live site: changed=1 shrank=0 vanished=6 ...}. */
    static String summary(List<String> lines) {
        java.util.EnumMap<Kind, Integer> counts = new java.util.EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        lines.forEach(line -> counts.merge(kind(line), 1, Integer::sum));
        StringBuilder text = new StringBuilder("tar warnings:");
        counts.forEach((kind, n) -> text.append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT))
                .append('=').append(n));
        return text.toString();
    }

    /** The lines that are not about a single file of a live site, else the last ones. */
    private static String errors(CommandResult result) {
        List<String> errors = result.stderrLines().stream().filter(l -> kind(l) == Kind.OTHER).toList();
        return errors.isEmpty() ? result.stderrTail(5) : String.join(" | ", errors.subList(0, Math.min(5, errors.size())));
    }
}
