package org.backupbatch.cli;

import java.io.PrintStream;
import java.util.Collection;
import org.backupbatch.backup.FleetKeys;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The end of a fleet night: one line per site (as {@code job=backup site=X} would print it, plus
 * {@code run=earlier} for a site that completed in an earlier run of the night, {@code
 * worker=<host>} for the worker that ran it in a distributed night), then the
 * fleet's line, {@code fleet night=… sites=N completed=… failed=… skipped=… duration=…}, last.
 * Read from the repository, the one record of the night: a site's partition names its backup's
 * job execution. Skipped: a site another process was running (exit 3), or that never started.
 * Exit 0 when all completed, 2 when none could start (bad configuration), 3 when every site was
 * busy, else 1 (re-run the command: the night resumes).
 */
final class FleetReport {

    private final JobRepository repository;
    private final BackupCommand backup;
    private final CommandLine command;

    FleetReport(JobRepository repository, BackupCommand backup, CommandLine command) {
        this.repository = repository;
        this.backup = backup;
        this.command = command;
    }

    int print(JobExecution fleet, Collection<String> sites, Summary line, PrintStream out) {
        int completed = 0;
        int failed = 0;
        int skipped = 0;
        boolean anyStarted = false;
        boolean anyInvalid = false;
        for (String site : sites) {
            StepExecution partition = repository.getLastStepExecution(fleet.getJobInstance(),
                    FleetKeys.partitionStep(site));
            ExecutionContext context = partition == null ? new ExecutionContext() : partition.getExecutionContext();
            int code = context.getInt(FleetKeys.SITE_CODE, -1);
            out.println(siteLine(site, partition, context, code, fleet));
            switch (code) {
                case ExitCodes.COMPLETED -> completed++;
                case ExitCodes.BAD_CONFIGURATION -> {
                    failed++;
                    anyInvalid = true;
                }
                case ExitCodes.ALREADY_RUNNING, -1 -> skipped++;
                default -> failed++;
            }
            anyStarted |= context.containsKey(FleetKeys.SITE_EXECUTION);
        }
        int code = completed == sites.size() ? ExitCodes.COMPLETED
                : anyStarted ? ExitCodes.FAILED : anyInvalid ? ExitCodes.BAD_CONFIGURATION : skipped == sites.size()
                        ? ExitCodes.ALREADY_RUNNING : ExitCodes.FAILED;
        line.add("status", code == ExitCodes.COMPLETED ? "COMPLETED" : fleet.getStatus()).add("sites", sites.size())
                .add("completed", completed).add("failed", failed).add("skipped", skipped)
                .duration(JobCommand.duration(fleet));
        if (code != ExitCodes.COMPLETED) {
            line.resume(command);
        }
        Interrupts.current().finish(line);
        return code;
    }

    private String siteLine(String site, StepExecution partition, ExecutionContext context, int code,
            JobExecution fleet) {
        Summary line = new Summary("backup").add("site", site);
        JobExecution run = context.containsKey(FleetKeys.SITE_EXECUTION)
                ? repository.getJobExecution(context.getLong(FleetKeys.SITE_EXECUTION)) : null;
        if (run != null) {
            backup.report(line, run, code == ExitCodes.COMPLETED);
            line.duration(JobCommand.duration(run));
        } else {
            line.add("status", switch (code) {
                case ExitCodes.BAD_CONFIGURATION -> "INVALID";
                case ExitCodes.ALREADY_RUNNING -> "ALREADY_RUNNING";
                case -1 -> "NOT_RUN";
                default -> "FAILED";
            });
        }
        line.add("worker", context.getString(FleetKeys.WORKER, null)); // distributed nights only
        if (partition != null && code == ExitCodes.COMPLETED
                && partition.getJobExecutionId() != fleet.getId()) {
            line.add("run", "earlier");
        }
        if (code != ExitCodes.COMPLETED) {
            if (run != null) {
                line.add("step", JobCommand.failedStep(run));
            }
            line.add("error", context.getString(FleetKeys.SITE_ERROR, null));
        }
        return line.toString();
    }
}
