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
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What every restore step needs: the source site and backup, the target and its configuration,
 * the parts and mode, the restore's work folder, and the execution contexts (the job's, read; the
 * step's own, {@code outputs}, promoted when the step completes).
 */
record RestoreRun(String site, String target, BackupFiles backup, SiteConfig targetConfig, Set<String> parts,
        String mode, Path workFolder, ExecutionContext job, ExecutionContext outputs) {

    static RestoreRun of(StepContribution contribution, SiteRegistry sites) {
        var execution = contribution.getStepExecution();
        JobParameters p = execution.getJobParameters();
        String site = p.getString(RestoreKeys.PARAM_SITE);
        String target = p.getString(RestoreKeys.PARAM_TARGET);
        BackupId id = BackupId.parse(p.getString(RestoreKeys.PARAM_BACKUP)).orElseThrow();
        SiteConfig source = sites.site(site);
        SiteConfig targetConfig = sites.site(target);
        BackupFiles backup = new BackupFiles(source.backup().destination().resolve(site), site, id);
        Path work = targetConfig.backup().destination().resolve(target).resolve(".work")
                .resolve("restore-" + p.getString(RestoreKeys.PARAM_RUN));
        return new RestoreRun(site, target, backup, targetConfig, Set.of(p.getString(RestoreKeys.PARAM_PARTS).split(",")),
                p.getString(RestoreKeys.PARAM_MODE), work, execution.getJobExecution().getExecutionContext(),
                execution.getExecutionContext());
    }

    Duration commandTimeout() {
        return targetConfig.commandTimeout();
    }
}
