package org.backupbatch.ssh;

import java.util.List;
import java.util.Map;

/**
 * What a finished command left: its exit status (-1 when the transport could not tell), the
 * statuses each stage of a {@link Pipeline} reported, and its stderr lines (status markers
 * removed; capped, see {@link StderrCollector}).
 */
public record CommandResult(int exitStatus, Map<String, Integer> stageStatuses, List<String> stderrLines,
        boolean stderrTruncated) {

    /** The stderr lines joined, for an error message; at most {@code maxLines} of the last ones. */
    public String stderrTail(int maxLines) {
        int from = Math.max(0, stderrLines.size() - maxLines);
        return String.join(" | ", stderrLines.subList(from, stderrLines.size()));
    }
}
