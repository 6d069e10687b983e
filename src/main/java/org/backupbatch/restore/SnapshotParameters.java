package org.backupbatch.restore;

import java.time.Instant;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.backup.Json;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupId;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.job.JobParametersExtractor;

/**
 * The safety snapshot a restore takes is a run of the backup job itself (its streams, checks,
 * retries and resume), told by these parameters what to take: the paths the restored backup's
 * patterns select on the target (everything the restore can overwrite, create or delete lies
 * within them), the target's database when the restore loads one into tables that exist, checked
 * against the identity the plan recorded. Made once: {@code JobStep} keeps them for a restart, so
 * a resumed restore resumes the same snapshot.
 */
final class SnapshotParameters implements JobParametersExtractor {

    private final SiteRegistry sites;

    SnapshotParameters(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public JobParameters getJobParameters(Job job, StepExecution step) {
        try {
            return parameters(RestoreRun.of(step, sites), step);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JobParameters parameters(RestoreRun run, StepExecution step) throws java.io.IOException {
        Manifest manifest = ArchiveParts.manifest(run);
        BackupId id = BackupId.of(Instant.now());
        boolean files = run.parts().contains("files");
        boolean db = Boolean.TRUE.equals(run.job().get(RestoreKeys.TARGET_DB_HAS_TABLES));
        JobParametersBuilder p = new JobParametersBuilder()
                .addString(BackupKeys.PARAM_SITE, run.target())
                .addString(BackupKeys.PARAM_ID, id.value())
                .addString(BackupKeys.PARAM_KIND, Manifest.KIND_PRE_RESTORE)
                .addString(BackupKeys.PARAM_PARTS, files && db ? "files,db" : files ? "files" : "db")
                .addString(BackupKeys.PARAM_REASON, "safety snapshot taken before restoring backup " + manifest.id()
                        + " of site " + run.site() + " (" + run.mode() + ")");
        if (files) {
            p.addString(BackupKeys.PARAM_INCLUDE, Json.of(manifest.files().includePatterns()))
                    .addString(BackupKeys.PARAM_EXCLUDE, Json.of(manifest.files().excludePatterns()));
        }
        if (db) {
            TargetIdentity identity = TargetIdentity.fromJson(run.job().getString(RestoreKeys.TARGET_IDENTITY));
            p.addString(BackupKeys.PARAM_EXPECT_DATABASE, identity.database());
            if (manifest.database().rows() != null) {
                p.addString(BackupKeys.PARAM_TABLES_EXTRA, Json.of(List.copyOf(manifest.database().rows().keySet())));
            }
            TargetRecord record = TargetRecord.of(run.targetConfig());
            if (record.wpConfig() != null) {
                p.addString(BackupKeys.PARAM_WP_CONFIG, record.folder().resolve("wp-config.php").toString());
            }
        }
        step.getExecutionContext().putString(RestoreKeys.SNAPSHOT_ID, id.value());
        return p.toJobParameters();
    }
}
