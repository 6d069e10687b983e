package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/**
 * The files that {@link HostileStrings#marker marker commands} leave if anything ever runs them:
 * searched on the whole machine (the sshd and MariaDB run here), in the homes and temporary
 * folders included, whoever wrote them.
 */
final class Markers {

    private Markers() {
    }

    static List<String> found() {
        String script = "find / /tmp /var/tmp /home /root -xdev -name '" + HostileStrings.MARKER + "*' -print0 "
                + "2>/dev/null; true";
        String out = Processes.check(List.of("sh", "-c", script), null);
        return Arrays.stream(out.split("\0")).filter(s -> !s.isEmpty()).distinct().map(ByteTree::printable).toList();
    }

    /** Fails when a marker file exists anywhere, naming them. */
    static void assertNone(String context) {
        assertThat(found()).as("marker files: a hostile string ran as a command (" + context + "); remove them "
                + "once understood").isEmpty();
    }
}
