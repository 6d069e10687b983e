package org.backupbatch.restore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.backupbatch.archive.DrillRecord;
import org.backupbatch.archive.SidecarManifest;
import org.backupbatch.config.DrillSite;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * One drill, from its job parameters (the restore's, {@code target} naming the drill's synthetic
 * site): its scratch place, and the record of its outcome in the drilled backup's sidecar
 * manifest.
 */
record DrillRun(DrillSite drill, String backupId, DrillScratch scratch) {

    private static final Logger LOG = LoggerFactory.getLogger(DrillRun.class);

    static DrillRun of(JobParameters p, SiteRegistry sites) {
        DrillSite drill = DrillSite.parse(p.getString(RestoreKeys.PARAM_TARGET)).orElseThrow(
                () -> new IllegalStateException("not a drill: target " + p.getString(RestoreKeys.PARAM_TARGET)));
        return new DrillRun(drill, p.getString(RestoreKeys.PARAM_BACKUP),
                new DrillScratch(drill, sites.site(drill.site())));
    }

    /**
     * Records the outcome in the backup's sidecar, rewritten atomically; a backup pruned meanwhile
     * (the drill read its pinned copy) is no longer there to record it in.
     *
     * @param error why it failed, or null when it did not
     */
    void record(String error) throws java.io.IOException {
        BackupFiles published = scratch.published(backupId);
        if (published.publishedSha256() == null) {
            LOG.warn("{}: backup {} is no longer published (pruned?): the drill is not recorded", drill.site(),
                    backupId);
            return;
        }
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        SidecarManifest.recordDrill(published.manifest(), new DrillRecord(at,
                error == null ? DrillRecord.OK : DrillRecord.FAILED, error));
        LOG.info("{}: drill of backup {} recorded in {}: {}", drill.site(), backupId, published.manifest(),
                error == null ? DrillRecord.OK : DrillRecord.FAILED);
    }
}
