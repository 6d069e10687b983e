package org.backupbatch.restore;

import org.backupbatch.backup.BackupKeys;
import org.backupbatch.errors.FatalError;
import org.backupbatch.errors.StopRequest;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * When the safety snapshot (a backup run inside the restore) fails, says why: JobStep only
 * reports that "the delegate job failed"; this adds the snapshot's own failure (its step and
 * error) to the restore's step, so that the summary line names it. A snapshot stopped by a
 * signal leaves the restore's step STOPPED, as any other step.
 */
final class SnapshotFailure implements StepExecutionListener {

    private final JobRepository repository;

    SnapshotFailure(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (step.getStatus() == BatchStatus.FAILED && StopRequest.requested()) {
            // the snapshot (a backup run) was stopped, not failed: JobStep cannot say so itself
            step.setStatus(BatchStatus.STOPPED);
            return null;
        }
        if (step.getStatus() != BatchStatus.FAILED || !step.getExecutionContext().containsKey(RestoreKeys.SNAPSHOT_ID)) {
            return null;
        }
        String id = step.getExecutionContext().getString(RestoreKeys.SNAPSHOT_ID);
        for (JobInstance instance : repository.getJobInstances(BackupKeys.JOB, 0, 20)) {
            JobExecution snapshot = repository.getLastJobExecution(instance);
            if (snapshot != null && id.equals(snapshot.getJobParameters().getString(BackupKeys.PARAM_ID))) {
                for (String name : BackupKeys.STEPS) {
                    StepExecution inner = repository.getLastStepExecution(instance, name);
                    if (inner != null && inner.getStatus() == BatchStatus.FAILED) {
                        String cause = inner.getExitStatus().getExitDescription();
                        Throwable thrown = inner.getFailureExceptions().isEmpty() ? null
                                : inner.getFailureExceptions().get(0);
                        if (thrown != null) {
                            cause = thrown.getMessage();
                        }
                        step.addFailureException(new FatalError("the safety snapshot " + id + " of site "
                                + snapshot.getJobParameters().getString(BackupKeys.PARAM_SITE) + " failed in step "
                                + inner.getStepName() + ": " + firstLine(cause), thrown));
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** The exit description holds a stack trace: its first line says what happened. */
    private static String firstLine(String text) {
        if (text == null) {
            return "no reason recorded";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
