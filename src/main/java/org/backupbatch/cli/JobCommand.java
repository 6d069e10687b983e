package org.backupbatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.backup.ResumeCheck;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Runs {@code job=backup} for one site, whose lock {@link Main} holds: checks its configuration, then
 * restarts the site's last run if it failed (recovering it first if a dead process left it
 * STARTED) or starts a new one, and prints the summary line. Returns the exit code.
 */
@Component
class JobCommand {

    private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);
    private static final int PAGE = 100;

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job backupJob;
    private final SiteRegistry sites;

    JobCommand(JobOperator operator, JobRepository repository, Job backupJob, SiteRegistry sites) {
        this.operator = operator;
        this.repository = repository;
        this.backupJob = backupJob;
        this.sites = sites;
    }

    int run(CommandLine command) {
        Summary summary = new Summary(command.job()).add("site", command.site());
        try {
            sites.site(command.site());
            return report(launch(command), command, summary);
        } catch (ConfigurationError e) {
            LOG.error("{}", e.getMessage());
            System.out.println(summary.add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        } catch (Exception e) {
            LOG.error("{} of site {} could not be launched", command.job(), command.site(), e);
            System.out.println(summary.add("status", "FAILED").add("error", e.toString())
                    .add("resume", command.rerunCommand()));
            return ExitCodes.FAILED;
        }
    }

    private JobExecution launch(CommandLine command) throws Exception {
        String site = command.site();
        JobExecution last = lastExecution(site);
        if (last != null && last.getStatus().isRunning()) {
            LOG.warn("run {} of site {} is marked {} but no process holds it (killed?); recovering it",
                    last.getId(), site, last.getStatus());
            last = operator.recover(last);
        }
        boolean resumable = last != null
                && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
        if (resumable && command.fresh()) {
            abandon(last, site);
        } else if (resumable) {
            LOG.info("resuming backup {} of site {} (run {} {}) from the step that did not complete",
                    last.getJobParameters().getString(BackupKeys.PARAM_ID), site, last.getId(), last.getStatus());
            new ResumeCheck(repository).prepare(last);
            return operator.restart(last);
        }
        var parameters = new JobParametersBuilder()
                .addString(BackupKeys.PARAM_SITE, site)
                .addString(BackupKeys.PARAM_ID, BackupId.of(Instant.now()).value())
                .toJobParameters();
        LOG.info("starting backup {} of site {}", parameters.getString(BackupKeys.PARAM_ID), site);
        return operator.start(backupJob, parameters);
    }

    /** fresh=yes: the failed run is abandoned for good and its unfinished work deleted. */
    private void abandon(JobExecution last, String site) throws Exception {
        String id = last.getJobParameters().getString(BackupKeys.PARAM_ID);
        operator.abandon(last);
        BackupFiles files = new BackupFiles(sites.site(site).backup().destination().resolve(site), site,
                BackupId.parse(id).orElseThrow());
        FileSystemUtils.deleteRecursively(files.workFolder());
        LOG.warn("fresh=yes: abandoned backup {} of site {} (run {} {}) and deleted its work folder {}", id, site,
                last.getId(), last.getStatus(), files.workFolder());
    }

    private JobExecution lastExecution(String site) {
        for (int start = 0; ; start += PAGE) {
            List<JobInstance> instances = repository.getJobInstances(BackupKeys.JOB, start, PAGE);
            for (JobInstance instance : instances) {
                JobExecution execution = repository.getLastJobExecution(instance);
                if (execution != null && site.equals(execution.getJobParameters().getString(BackupKeys.PARAM_SITE))) {
                    return execution;
                }
            }
            if (instances.size() < PAGE) {
                return null;
            }
        }
    }

    private int report(JobExecution execution, CommandLine command, Summary summary) {
        ExecutionContext ctx = execution.getExecutionContext();
        summary.add("id", execution.getJobParameters().getString(BackupKeys.PARAM_ID))
                .add("status", execution.getStatus());
        if (ctx.containsKey(BackupKeys.FILES_REGULAR)) {
            summary.add("files", ctx.getLong(BackupKeys.FILES_REGULAR)).bytes("bytes", ctx.getLong(BackupKeys.FILES_BYTES));
        }
        if (ctx.containsKey(BackupKeys.DB_BYTES)) {
            summary.bytes("db", ctx.getLong(BackupKeys.DB_BYTES));
        }
        summary.duration(duration(execution));
        Throwable failure = failure(execution);
        int code = ExitCodes.of(execution.getStatus(), failure);
        if (code == ExitCodes.COMPLETED) {
            summary.path("archive", ctx.getString(BackupKeys.ARCHIVE_PATH, null));
            if (ctx.containsKey(BackupKeys.WARNINGS_COUNT)) {
                summary.add("warnings", ctx.getInt(BackupKeys.WARNINGS_COUNT));
            }
        } else {
            summary.add("step", failedStep(execution)).add("error", describe(failure, execution, command))
                    .add("resume", command.rerunCommand());
        }
        System.out.println(summary);
        return code;
    }

    private static String describe(Throwable failure, JobExecution execution, CommandLine command) {
        if (failure == null) {
            return "run ended " + execution.getStatus();
        }
        FatalError fatal = ExitCodes.causedBy(failure, FatalError.class);
        if (fatal != null) {
            LOG.error("{} of site {} failed: {}", command.job(), command.site(), fatal.getMessage());
            LOG.debug("details", failure);
            return fatal.getMessage();
        }
        LOG.error("{} of site {} failed in step {}", command.job(), command.site(), failedStep(execution), failure);
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    private static Throwable failure(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (!step.getFailureExceptions().isEmpty()) {
                return step.getFailureExceptions().get(0);
            }
        }
        List<Throwable> jobFailures = execution.getFailureExceptions();
        return jobFailures.isEmpty() ? null : jobFailures.get(0);
    }

    private static String failedStep(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStatus() == BatchStatus.FAILED || s.getStatus() == BatchStatus.STOPPED)
                .map(StepExecution::getStepName).findFirst().orElse(null);
    }

    private static Duration duration(JobExecution execution) {
        LocalDateTime start = execution.getStartTime();
        LocalDateTime end = execution.getEndTime() != null ? execution.getEndTime() : LocalDateTime.now();
        return start == null ? Duration.ZERO : Duration.between(start, end);
    }
}
