package org.backupbatch.restore;

import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * A drill that did not complete still removes its scratch place (its database is dropped even
 * on failure) and records {@code drilled: failed} with the error in the backup's sidecar. A drill
 * killed outright leaves both to its re-run, or to the next drill of the site.
 */
class DrillOutcome implements JobExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(DrillOutcome.class);

    private final SiteRegistry sites;

    DrillOutcome(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        DrillRun drill = DrillRun.of(execution.getJobParameters(), sites);
        try {
            drill.scratch().remove();
        } catch (Exception e) {
            LOG.warn("{}: the drill's scratch place could not be removed ({}); the next drill of the site removes it",
                    drill.drill().site(), e.toString());
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            return; // stopped by a signal: nothing was shown about the backup; the same words drill it again
        }
        try {
            drill.record(error(execution));
        } catch (Exception e) {
            LOG.warn("{}: the failed drill could not be recorded in backup {}'s manifest: {}", drill.drill().site(),
                    drill.backupId(), e.toString());
        }
    }

    /** One line: the first failure that explains itself (a user-facing error), else the first; secrets masked. */
    static String error(JobExecution execution) {
        Throwable first = null;
        for (StepExecution step : execution.getStepExecutions()) {
            for (Throwable t : step.getFailureExceptions()) {
                if (explains(t)) {
                    return line(t);
                }
                first = first == null ? t : first;
            }
        }
        if (first == null && !execution.getFailureExceptions().isEmpty()) {
            first = execution.getFailureExceptions().get(0);
        }
        return first == null ? "drill ended " + execution.getStatus() : line(first);
    }

    private static boolean explains(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FatalError || t instanceof ConfigurationError) {
                return true;
            }
        }
        return false;
    }

    private static String line(Throwable failure) {
        Throwable shown = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FatalError || t instanceof ConfigurationError) {
                shown = t;
                break;
            }
        }
        String text = shown.getMessage() == null ? shown.toString() : shown.getMessage();
        return Secret.mask(text).replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
