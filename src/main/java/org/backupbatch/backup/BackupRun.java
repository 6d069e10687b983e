package org.backupbatch.backup;

import java.time.Duration;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What every backup step needs to know about the run it is part of: the site, its
 * configuration, the backup id, where its files go, what earlier steps left in the job's
 * execution context ({@code job}), and the step's own execution context ({@code outputs}: plain
 * values such as paths and sums, promoted to the job's context when the step completes, and
 * checked before a restart reuses them).
 */
record BackupRun(String site, BackupId id, SiteConfig config, BackupFiles files, ExecutionContext job,
        ExecutionContext outputs) {

    static BackupRun of(StepContribution contribution, SiteRegistry sites) {
        var execution = contribution.getStepExecution();
        String site = execution.getJobParameters().getString(BackupKeys.PARAM_SITE);
        String idText = execution.getJobParameters().getString(BackupKeys.PARAM_ID);
        BackupId id = BackupId.parse(idText).orElseThrow(() -> new IllegalStateException("bad backup id " + idText));
        SiteConfig config = sites.site(site);
        BackupFiles files = new BackupFiles(config.backup().destination().resolve(site), site, id);
        return new BackupRun(site, id, config, files, execution.getJobExecution().getExecutionContext(),
                execution.getExecutionContext());
    }

    /** The top folder inside the archive. */
    String root() {
        return "backup-" + id.value();
    }

    Duration commandTimeout() {
        return config.commandTimeout();
    }

    int compressionLevel() {
        return config.backup().compressionLevel();
    }
}
