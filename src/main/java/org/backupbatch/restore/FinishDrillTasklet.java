package org.backupbatch.restore;

import org.backupbatch.config.SiteRegistry;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The drill's last step, after the restore's own check passed: removes the scratch place (folder
 * and database) and records {@code drilled: ok} in the backup's sidecar manifest.
 */
class FinishDrillTasklet implements Tasklet {

    private final SiteRegistry sites;

    FinishDrillTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        DrillRun drill = DrillRun.of(contribution.getStepExecution().getJobParameters(), sites);
        drill.scratch().remove();
        drill.record(null);
        return RepeatStatus.FINISHED;
    }
}
