package org.backupbatch.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.restore.DrillKeys;
import org.backupbatch.notify.Notice;
import org.backupbatch.notify.Notifier;
import org.backupbatch.restore.RestoreKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Runs one job word for one site, whose lock {@link Main} holds: checks the configuration, has
 * the {@link Launcher} start or continue the run the word's {@link JobWord} asks for, and prints
 * the summary line. Returns the exit code.
 */
@Component
class JobCommand {

    private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

    private final Launcher launcher;
    private final Map<String, JobWord> words;
    private final SiteRegistry sites;
    private final Notifier notifier = new Notifier();

    JobCommand(JobOperator operator, JobRepository repository, @Qualifier("backupJob") Job backupJob,
            @Qualifier("restoreJob") Job restoreJob, @Qualifier("drillJob") Job drillJob, SiteRegistry sites, RunIndex index) {
        this.launcher = new Launcher(operator, repository, index);
        this.sites = sites;
        Interrupts.current().attach(operator, repository);
        this.words = Map.of(BackupKeys.JOB, new BackupCommand(backupJob, sites),
                RestoreKeys.JOB, new RestoreCommand(restoreJob, sites),
                DrillKeys.JOB, new DrillCommand(drillJob, sites));
    }

    int run(CommandLine command) {
        Summary summary = new Summary(command.job()).add("site", command.site());
        JobWord word = words.get(command.job());
        try {
            sites.site(command.site());
            Launcher.Request request = word.request(command, summary);
            if (request == null) {
                return ExitCodes.COMPLETED;
            }
            JobExecution execution = launcher.launch(request, command.fresh());
            return report(word, execution, command, summary);
        } catch (ConfigurationError e) {
            LOG.error("{}", e.getMessage());
            Interrupts.current().finish(summary.add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        } catch (FatalError e) { // a user-facing refusal before the job started (a copy's archive altered): one line
            LOG.error("{}", e.getMessage());
            LOG.debug("details", e);
            Interrupts.current().finish(summary.add("status", "FAILED").add("error", e.getMessage()).resume(command));
            tell(command, summary);
            return ExitCodes.FAILED;
        } catch (Exception e) {
            LOG.error("{} of site {} could not be launched", command.job(), command.site(), e);
            Interrupts.current().finish(summary.add("status", "FAILED").add("error", e.toString()).resume(command));
            tell(command, summary);
            return ExitCodes.FAILED;
        }
    }

    private int report(JobWord word, JobExecution execution, CommandLine command, Summary summary) {
        String interrupted = Interrupts.current().settle(execution);
        Throwable failure = failure(execution);
        int code = ExitCodes.of(execution.getStatus(), failure);
        word.report(summary, execution, code == ExitCodes.COMPLETED);
        summary.duration(duration(execution));
        word.conclude(summary, execution, code == ExitCodes.COMPLETED);
        if (code != ExitCodes.COMPLETED) {
            String error = interrupted != null ? interrupted : describe(failure, execution, command);
            if (interrupted != null) {
                LOG.warn("{} of site {} ended {} in step {}: {}", command.job(), command.site(),
                        execution.getStatus(), failedStep(execution), interrupted);
            }
            summary.add("step", failedStep(execution)).add("error", error).resume(command);
        }
        Interrupts.current().finish(summary);
        tell(command, summary);
        return code;
    }

    /** Tells whom the site's {@code notify} names; never fails the run, never changes its code. */
    private void tell(CommandLine command, Summary summary) {
        SiteConfig.Notify notify;
        try {
            notify = sites.site(command.site()).notices();
        } catch (RuntimeException e) {
            return; // a configuration that cannot be read names nobody to tell
        }
        notifier.send(notify, new Notice(summary.fields(), summary.toString()));
    }

    static String describe(Throwable failure, JobExecution execution, CommandLine command) {
        if (failure == null) {
            return "run ended " + execution.getStatus();
        }
        FatalError fatal = ExitCodes.causedBy(failure, FatalError.class);
        ConfigurationError bad = ExitCodes.causedBy(failure, ConfigurationError.class);
        if (fatal != null || bad != null) {
            String message = fatal != null ? fatal.getMessage() : bad.getMessage();
            LOG.error("{} of site {} failed: {}", command.job(), command.site(), message);
            LOG.debug("details", failure);
            return message;
        }
        LOG.error("{} of site {} failed in step {}", command.job(), command.site(), failedStep(execution), failure);
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    /** The failure to report: the first step's; one that explains itself (a user-facing error) first. */
    static Throwable failure(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            for (Throwable t : step.getFailureExceptions()) {
                if (ExitCodes.causedBy(t, FatalError.class) != null || ExitCodes.causedBy(t, ConfigurationError.class) != null) {
                    return t;
                }
            }
            if (!step.getFailureExceptions().isEmpty()) {
                return step.getFailureExceptions().get(0);
            }
        }
        List<Throwable> jobFailures = execution.getFailureExceptions();
        return jobFailures.isEmpty() ? null : jobFailures.get(0);
    }

    static String failedStep(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(s -> s.getStatus() == BatchStatus.FAILED || s.getStatus() == BatchStatus.STOPPED)
                .map(StepExecution::getStepName).findFirst().orElse(null);
    }

    static Duration duration(JobExecution execution) {
        LocalDateTime start = execution.getStartTime();
        LocalDateTime end = execution.getEndTime() != null ? execution.getEndTime() : LocalDateTime.now();
        return start == null ? Duration.ZERO : Duration.between(start, end);
    }
}
