package org.backupbatch.backup;

import org.backupbatch.config.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Applies the site's retention policy once its new backup is published ({@link SitePruning}, as
 * {@code job=prune} does): every decision is logged with its reason, and each removed backup
 * counts as one write of the step. Then each off-site copy's retention is applied to that copy.
 */
class PruneTasklet implements Tasklet {

    private static final Logger LOG = LoggerFactory.getLogger(PruneTasklet.class);

    private final SiteRegistry sites;

    PruneTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        if (run.isSnapshot()) {
            LOG.info("{}: a restore's safety snapshot prunes nothing", run.site());
            return RepeatStatus.FINISHED;
        }
        var outcome = SitePruning.prune(run.config(), run.site(), false,
                line -> LOG.info("{}: {}", run.site(), line.describe(false)));
        int fromCopies = SitePruning.pruneCopies(run.config(), run.site(), false,
                line -> LOG.info("{}: {}", run.site(), line));
        contribution.incrementWriteCount(outcome.removed() + fromCopies);
        return RepeatStatus.FINISHED;
    }
}
