package org.backupbatch.restore;

import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.retention.BackupId;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Takes the safety snapshot of the target, unless it holds nothing the restore overwrites. */
class SnapshotTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.SNAPSHOT_ID};

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTasklet.class);

    private final SiteRegistry sites;

    SnapshotTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        if (!Boolean.TRUE.equals(run.job().get(RestoreKeys.TARGET_HAS_CONTENT))) {
            LOG.info("{}: nothing there yet, no safety snapshot", run.target());
            return RepeatStatus.FINISHED;
        }
        SiteConfig.Database db = null;
        if (Boolean.TRUE.equals(run.job().get(RestoreKeys.TARGET_DB_HAS_TABLES))) {
            try (Shell shell = SiteShells.open(run.targetConfig())) {
                db = TargetDatabase.checked(run, shell);
            }
        }
        BackupId id = SnapshotMaker.make(run, db);
        run.outputs().putString(RestoreKeys.SNAPSHOT_ID, id.value());
        LOG.info("{}: safety snapshot {} taken (restore it to undo this restore: job=restore site={} backup={})",
                run.target(), id, run.target(), id);
        return RepeatStatus.FINISHED;
    }
}
