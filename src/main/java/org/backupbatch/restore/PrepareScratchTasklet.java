package org.backupbatch.restore;

import org.backupbatch.config.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The drill's first step, run at every start and restart: sweeps what killed drills of the site
 * left, makes this drill's scratch place empty (a restart restores into an empty place again:
 * the failure before it removed the place), and pins the backup against pruning as a restore
 * does ({@link SourcePin}).
 */
class PrepareScratchTasklet implements Tasklet {

    private static final Logger LOG = LoggerFactory.getLogger(PrepareScratchTasklet.class);

    private final SiteRegistry sites;

    PrepareScratchTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        DrillRun drill = DrillRun.of(contribution.getStepExecution().getJobParameters(), sites);
        drill.scratch().sweepOthers().forEach(left -> LOG.warn("{}: removed what an earlier drill left: {}",
                run.site(), left));
        drill.scratch().prepare(run.parts().contains("db"));
        RestoreWork.pin(run.targetConfig(), drill.scratch().published(drill.backupId()), run.runId());
        LOG.info("{}: drill of backup {} into {} and database {}", run.site(), drill.backupId(),
                run.targetConfig().files().remotePath(), run.targetConfig().database().name());
        return RepeatStatus.FINISHED;
    }
}
