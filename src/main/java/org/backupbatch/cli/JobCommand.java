package org.backupbatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.backup.ResumeCheck;
import org.backupbatch.restore.RestoreKeys;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Runs {@code job=backup} or {@code job=restore} for one site, whose lock {@link Main} holds:
 * checks the configuration, then restarts that site's last run of the job if it failed
 * (recovering it first if a dead process left it STARTED) or starts a new one, and prints the
 * summary line. Returns the exit code. A check made before a new run (a restore's confirm=yes)
 * is not made again when the same command resumes it.
 */
@Component
class JobCommand {

    private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);
    private static final int PAGE = 100;

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job backupJob;
    private final Job restoreJob;
    private final SiteRegistry sites;

    JobCommand(JobOperator operator, JobRepository repository, @Qualifier("backupJob") Job backupJob,
            @Qualifier("restoreJob") Job restoreJob, SiteRegistry sites) {
        this.operator = operator;
        this.repository = repository;
        this.backupJob = backupJob;
        this.restoreJob = restoreJob;
        this.sites = sites;
    }

    /**
     * What to run: the job, the parameters of a new run, which earlier runs concern the same site
     * ({@code sameSite}), which of those a re-run continues ({@code sameRequest}), how the log
     * names a run, and a check made only before a new run ({@code beforeNewRun}).
     */
    record Request(Job job, JobParameters parameters, Predicate<JobParameters> sameSite,
            Predicate<JobParameters> sameRequest, Function<JobParameters, String> describe, Runnable beforeNewRun) {
    }

    int run(CommandLine command) {
        Summary summary = new Summary(command.job()).add("site", command.site());
        try {
            sites.site(command.site());
            Request request;
            if (command.job().equals(RestoreKeys.JOB)) {
                summary.add("target", command.target());
                request = RestoreRequests.request(command, restoreJob, sites, summary);
                if (request == null) {
                    return ExitCodes.COMPLETED;
                }
            } else {
                request = backupRequest(command.site());
            }
            return report(launch(request, command), command, summary);
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

    private Request backupRequest(String site) {
        JobParameters parameters = new JobParametersBuilder()
                .addString(BackupKeys.PARAM_SITE, site)
                .addString(BackupKeys.PARAM_ID, BackupId.of(Instant.now()).value())
                .toJobParameters();
        Predicate<JobParameters> sameSite = p -> site.equals(p.getString(BackupKeys.PARAM_SITE));
        return new Request(backupJob, parameters, sameSite, sameSite,
                p -> "backup " + p.getString(BackupKeys.PARAM_ID) + " of site " + site, () -> { });
    }

    private JobExecution launch(Request request, CommandLine command) throws Exception {
        JobExecution last = lastExecution(request.job().getName(), request.sameSite());
        if (last != null && last.getStatus().isRunning()) {
            LOG.warn("{} (run {}) is marked {} but no process holds it (killed?); recovering it",
                    request.describe().apply(last.getJobParameters()), last.getId(), last.getStatus());
            last = operator.recover(last);
        }
        boolean resumable = last != null
                && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
        if (resumable && command.fresh()) {
            abandon(last, command);
        } else if (resumable && request.sameRequest().test(last.getJobParameters())) {
            LOG.info("resuming {} (run {} {}) from the step that did not complete",
                    request.describe().apply(last.getJobParameters()), last.getId(), last.getStatus());
            if (request.job() == backupJob) {
                new ResumeCheck(repository).prepare(last);
            }
            return operator.restart(last);
        }
        request.beforeNewRun().run();
        LOG.info("starting {}", request.describe().apply(request.parameters()));
        return operator.start(request.job(), request.parameters());
    }

    /** fresh=yes: the failed run is abandoned for good; a backup's unfinished work is deleted. */
    private void abandon(JobExecution last, CommandLine command) throws Exception {
        operator.abandon(last);
        String id = last.getJobParameters().getString(BackupKeys.PARAM_ID);
        if (id != null && last.getJobInstance().getJobName().equals(BackupKeys.JOB)) {
            String site = command.site();
            BackupFiles files = new BackupFiles(sites.site(site).backup().destination().resolve(site), site,
                    BackupId.parse(id).orElseThrow());
            FileSystemUtils.deleteRecursively(files.workFolder());
            LOG.warn("fresh=yes: abandoned backup {} of site {} (run {} {}) and deleted its work folder {}", id, site,
                    last.getId(), last.getStatus(), files.workFolder());
        } else {
            LOG.warn("fresh=yes: abandoned {} run {} ({} {})", last.getJobInstance().getJobName(), last.getId(),
                    last.getJobParameters(), last.getStatus());
        }
    }

    private JobExecution lastExecution(String job, Predicate<JobParameters> sameSite) {
        for (int start = 0; ; start += PAGE) {
            List<JobInstance> instances = repository.getJobInstances(job, start, PAGE);
            for (JobInstance instance : instances) {
                JobExecution execution = repository.getLastJobExecution(instance);
                if (execution != null && sameSite.test(execution.getJobParameters())) {
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
        Throwable failure = failure(execution);
        int code = ExitCodes.of(execution.getStatus(), failure);
        if (command.job().equals(RestoreKeys.JOB)) {
            RestoreRequests.report(summary, execution, code == ExitCodes.COMPLETED);
        } else {
            summary.add("id", execution.getJobParameters().getString(BackupKeys.PARAM_ID))
                    .add("status", execution.getStatus());
            if (ctx.containsKey(BackupKeys.FILES_REGULAR)) {
                summary.add("files", ctx.getLong(BackupKeys.FILES_REGULAR))
                        .bytes("bytes", ctx.getLong(BackupKeys.FILES_BYTES));
            }
            if (ctx.containsKey(BackupKeys.DB_BYTES)) {
                summary.bytes("db", ctx.getLong(BackupKeys.DB_BYTES));
            }
        }
        summary.duration(duration(execution));
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
