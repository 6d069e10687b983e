package org.backupbatch.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a POSIX shell pipeline in which every stage reports its own exit status on stderr.
 * A plain {@code tar | gzip} returns gzip's status and hides tar's failure; here each stage is
 * wrapped as {@code { cmd; echo "<marker> name $?" >&3; }} with fd 3 bound to stderr, so
 * {@link CommandResult#stageStatuses()} tells every status apart without needing bash.
 */
public final class Pipeline {

    static final String STATUS_MARKER = "backup-batch-status";

    private final List<String> stages = new ArrayList<>();
    private final List<String> prelude = new ArrayList<>();

    /** A command run before the pipeline, e.g. {@code cd -- '/x' || exit 97}; already quoted. */
    public Pipeline before(String command) {
        prelude.add(command);
        return this;
    }

    /** Adds a stage; {@code command} must already be quoted with {@link ShellQuote}. */
    public Pipeline stage(String name, String command) {
        stages.add("{ " + command + "; echo \"" + STATUS_MARKER + " " + name + " $?\" >&3; }");
        return this;
    }

    /** The whole script, to hand to {@link Shell#run}. */
    public String script() {
        List<String> lines = new ArrayList<>(prelude);
        lines.add("exec 3>&2");
        lines.add(String.join(" | ", stages));
        return String.join("\n", lines);
    }
}
