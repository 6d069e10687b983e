package org.backupbatch.backup;

import org.backupbatch.errors.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.StoppableTasklet;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Makes any step stoppable the same way: once {@code JobOperator.stop} has recorded the stop (the
 * process's SIGTERM handler calls it, then ends the remote commands: {@code SiteShells}), the
 * failure that this causes in the step's work is reported as what it is, an interruption, so that Spring Batch marks the step
 * STOPPED (not FAILED) and a re-run resumes it. Every step of the backup and restore jobs is
 * built around one; the work classes themselves know nothing of stopping. It also logs each
 * step's start.
 */
public final class StopAwareTasklet implements StoppableTasklet {

    private static final Logger LOG = LoggerFactory.getLogger(StopAwareTasklet.class);

    private final Tasklet work;

    private StopAwareTasklet(Tasklet work) {
        this.work = work;
    }

    public static StopAwareTasklet of(Tasklet work) {
        return new StopAwareTasklet(work);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = contribution.getStepExecution();
        // the line a stop or a failure is read against (Spring Batch's own is off: cli/LogSetup)
        if (step.getCommitCount() == 0) { // a tasklet that works in chunks (copyOffsite) is called again and again
            LOG.info("step {} of the {} job started", step.getStepName(), step.getJobExecution().getJobInstance()
                    .getJobName());
        }
        try {
            return work.execute(contribution, chunkContext);
        } catch (Exception e) {
            if (!StopRequest.requested() && !step.isTerminateOnly()) {
                throw e;
            }
            LOG.info("step {} stopped ({}); its work so far is kept for the resume: {}", step.getStepName(),
                    StopRequest.reason(), e.toString());
            JobInterruptedException stopped = new JobInterruptedException("step " + step.getStepName()
                    + " stopped (" + StopRequest.reason() + ")");
            stopped.initCause(e);
            throw stopped;
        }
    }

    @Override
    public void stop(StepExecution stepExecution) {
        // nothing here: JobOperator.stop calls this just before it writes the step's row, and a
        // command ended now would make the step write that row at the same time. The process's
        // stop (cli's Interrupts) ends the remote commands once the stop is recorded.
    }

    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public void stop() {
        stop(null);
    }
}
