package org.backupbatch.archive;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The last restore drill of a backup, as its sidecar manifest records it: the top-level {@code
 * "drilled": {"at": "2026-11-30T04:10:12Z", "result": "ok"}} (with {@code "error"} when the
 * result is {@code failed}). {@code job=list} reads it; the archive's verification ignores it.
 *
 * @param at     when the drill ended, an ISO-8601 instant (UTC)
 * @param result {@link #OK} or {@link #FAILED}
 * @param error  why it failed, one line, secrets masked; null when it did not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillRecord(String at, String result, String error) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";
}
