package org.backupbatch.backup;

import java.nio.file.Files;
import java.time.Instant;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupCatalog;
import org.backupbatch.retention.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Deletes this site's complete backups older than {@code retention_days}; never the newest one. */
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
        var policy = new RetentionPolicy(run.config().backup().retentionDays());
        var backups = BackupCatalog.complete(run.files().siteFolder(), run.site());
        for (RetentionPolicy.Decision decision : policy.apply(backups, Instant.now())) {
            var b = decision.backup();
            if (!decision.keep() && b.isPinned()) {
                LOG.info("{}: keeping backup {} ({}, but a restore reads it)", run.site(), b.id(), decision.reason());
            } else if (!decision.keep()) {
                LOG.info("{}: removing backup {} ({})", run.site(), b.id(), decision.reason());
                for (var file : b.files()) {
                    Files.deleteIfExists(file);
                }
                contribution.incrementWriteCount(1);
            }
        }
        return RepeatStatus.FINISHED;
    }
}
