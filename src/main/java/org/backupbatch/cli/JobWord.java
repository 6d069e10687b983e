package org.backupbatch.cli;

import org.springframework.batch.core.job.JobExecution;

/**
 * One job word of the command line ({@code job=backup}, {@code job=restore}): what it asks the
 * {@link Launcher} for, and the tokens it adds to the summary line. {@link JobCommand} does the
 * rest, the same for every word: launching, exit code, failure tokens.
 */
interface JobWord {

    /** The run to start or continue; null when there is nothing to run (a dry run printed its plan). */
    Launcher.Request request(CommandLine command, Summary summary) throws Exception;

    /** Adds the job's own tokens (after {@code site=}): id or backup, status, counts. */
    void report(Summary summary, JobExecution execution, boolean completed);

    /** Adds tokens after {@code duration=} (and before a failure's {@code step=}); none by default. */
    default void conclude(Summary summary, JobExecution execution, boolean completed) {
    }
}
