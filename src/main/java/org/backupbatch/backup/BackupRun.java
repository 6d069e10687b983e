package org.backupbatch.backup;

import java.time.Duration;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What every backup step needs to know about the run it is part of: the site, its
 * configuration, the backup id, where its files go, what earlier steps left in the job's
 * execution context ({@code job}), and the step's own execution context ({@code outputs}: plain
 * values such as paths and sums, promoted to the job's context when the step completes, and
 * checked before a restart reuses them). A restore's safety snapshot is a backup run whose
 * parameters say what to take ({@link BackupKeys#PARAM_KIND} and the others).
 */
record BackupRun(String site, BackupId id, SiteConfig config, BackupFiles files, JobParameters parameters,
        ExecutionContext job, ExecutionContext outputs) {

    static BackupRun of(StepContribution contribution, SiteRegistry sites) {
        var execution = contribution.getStepExecution();
        String site = execution.getJobParameters().getString(BackupKeys.PARAM_SITE);
        String idText = execution.getJobParameters().getString(BackupKeys.PARAM_ID);
        BackupId id = BackupId.parse(idText).orElseThrow(() -> new IllegalStateException("bad backup id " + idText));
        SiteConfig config = sites.site(site);
        return new BackupRun(site, id, config, files(config, site, id), execution.getJobParameters(),
                execution.getJobExecution().getExecutionContext(),
                execution.getExecutionContext());
    }

    /** The files of the backup that a run with these parameters makes. */
    static BackupFiles files(JobParameters parameters, SiteRegistry sites) {
        String site = parameters.getString(BackupKeys.PARAM_SITE);
        String idText = parameters.getString(BackupKeys.PARAM_ID);
        BackupId id = BackupId.parse(idText).orElseThrow(() -> new IllegalStateException("bad backup id " + idText));
        return files(sites.site(site), site, id);
    }

    private static BackupFiles files(SiteConfig config, String site, BackupId id) {
        return new BackupFiles(config.backup().destination().resolve(site), site, id);
    }

    /** The top folder inside the archive. */
    String root() {
        return "backup-" + id.value();
    }

    /** {@code backup}, or {@code pre-restore} for a restore's safety snapshot. */
    String kind() {
        String kind = parameter(BackupKeys.PARAM_KIND);
        return kind == null ? Manifest.KIND_BACKUP : kind;
    }

    boolean isSnapshot() {
        return Manifest.KIND_PRE_RESTORE.equals(kind());
    }

    /** The include patterns: the site's, or those a snapshot was given. */
    List<String> includes() {
        String given = parameter(BackupKeys.PARAM_INCLUDE);
        return given == null ? config.files().includePatterns() : Json.strings(given);
    }

    List<String> excludes() {
        String given = parameter(BackupKeys.PARAM_EXCLUDE);
        return given == null ? config.files().excludePatterns() : Json.strings(given);
    }

    /** Whether the files are taken (a snapshot before a database-only restore takes none). */
    boolean withFiles() {
        String parts = parameter(BackupKeys.PARAM_PARTS);
        return parts == null || parts.contains("files");
    }

    boolean withDatabase() {
        String parts = parameter(BackupKeys.PARAM_PARTS);
        return parts == null || parts.contains("db");
    }

    String parameter(String key) {
        return parameters.getString(key);
    }

    Duration commandTimeout() {
        return config.commandTimeout();
    }

    int compressionLevel() {
        return config.backup().compressionLevel();
    }

    /** gzip or pigz on the host, from the setting and the tools the validate step found. */
    @SuppressWarnings("unchecked")
    org.backupbatch.remote.Compressor compressor() {
        return org.backupbatch.remote.Compressor.choose(config.backup().compression(), compressionLevel(),
                (java.util.Map<String, String>) job().get(BackupKeys.TOOLS));
    }
}
