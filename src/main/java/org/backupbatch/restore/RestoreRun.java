package org.backupbatch.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What every restore step needs: the source site and backup (its copy pinned in the work folder
 * when there is one: see {@link SourcePin}), the target and its configuration, the parts and
 * mode, the restore's work folder, and the execution contexts (the job's, read; the step's own,
 * {@code outputs}, promoted when the step completes).
 */
record RestoreRun(String site, String target, BackupFiles backup, SiteConfig sourceConfig, SiteConfig targetConfig,
        Set<String> parts, String mode, boolean keepBackupCredentials, Path workFolder, ExecutionContext job,
        ExecutionContext outputs) {

    static RestoreRun of(StepContribution contribution, SiteRegistry sites) {
        return of(contribution.getStepExecution(), sites);
    }

    static RestoreRun of(StepExecution execution, SiteRegistry sites) {
        JobParameters p = execution.getJobParameters();
        String site = p.getString(RestoreKeys.PARAM_SITE);
        String target = p.getString(RestoreKeys.PARAM_TARGET);
        SiteConfig source = sites.site(site);
        SiteConfig targetConfig = sites.site(target);
        Path work = workFolder(targetConfig, p.getString(RestoreKeys.PARAM_RUN));
        BackupFiles backup = SourcePin.effective(source(source, site, p.getString(RestoreKeys.PARAM_BACKUP)), work);
        return new RestoreRun(site, target, backup, source, targetConfig,
                Set.of(p.getString(RestoreKeys.PARAM_PARTS).split(",")), p.getString(RestoreKeys.PARAM_MODE),
                "yes".equals(p.getString(RestoreKeys.PARAM_KEEP_CREDENTIALS)), work,
                execution.getJobExecution().getExecutionContext(), execution.getExecutionContext());
    }

    /** The backup as published in the source site's folder. */
    static BackupFiles source(SiteConfig source, String site, String id) {
        return new BackupFiles(source.backup().destination().resolve(site), site, BackupId.parse(id).orElseThrow());
    }

    /** Where one restore keeps its work: the pinned source, the prepared wp-config.php, the rewritten dump. */
    static Path workFolder(SiteConfig target, String run) {
        return target.backup().destination().resolve(target.site().name()).resolve(".work").resolve("restore-" + run);
    }

    /** The name of this restore for pin files: {@code <target>-<run>}. */
    static String owner(String target, String run) {
        return target + "-" + run;
    }

    /** The run word of this restore (its work folder is {@code restore-<run>}). */
    String runId() {
        return workFolder.getFileName().toString().substring("restore-".length());
    }

    /** Where the verify step decrypts an encrypted backup: {@code backup-<site>-<id>.tar.gz} in the work folder. */
    Path decryptedCopy() {
        return workFolder.resolve(backup.plainArchive().getFileName());
    }

    /** The plain archive the steps after verification read: the backup's own, or its decrypted copy. */
    PlainArchive plainArchive() {
        return PlainArchive.of(backup.isEncrypted() ? decryptedCopy() : backup.archive());
    }

    boolean sameSite() {
        return site.equals(target);
    }

    Duration commandTimeout() {
        return targetConfig.commandTimeout();
    }
}
