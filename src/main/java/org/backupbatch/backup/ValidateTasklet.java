package org.backupbatch.backup;

import java.util.HashMap;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.Retries;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Checks everything a backup needs before any transfer starts ({@link SiteChecks}, which {@code
 * job=validate} runs too): the local destination is writable, the encryption keys can be used,
 * the SSH login works (host key checked), the files folder and the remote tools are there (their
 * versions are recorded), and the database login works.
 */
class ValidateTasklet implements Tasklet {

    static final String[] OUTPUTS = {BackupKeys.TOOLS, BackupKeys.DB_PROGRAMS, BackupKeys.WARNINGS_VALIDATE};

    private final SiteRegistry sites;

    ValidateTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        if (contribution.getStepExecution().getJobExecution().getExecutionContext()
                .containsKey(BackupKeys.ARCHIVE_PATH) && run.files().publishedSha256() != null) {
            // a re-run after the backup was verified and published: only the off-site copy (and
            // pruning) are left, and they need nothing from the site's host
            return RepeatStatus.FINISHED;
        }
        SiteConfig config = run.config();
        SiteChecks checks = SiteChecks.beforeBackup(config, run.files().siteFolder(), run.files().workFolder());
        checks.local();
        SiteChecks.Findings found = Retries.run(run.site() + ": validating", config.backup(), checks::remote);
        run.outputs().put(BackupKeys.TOOLS, new HashMap<>(found.tools()));
        if (found.programs() != null) {
            run.outputs().put(BackupKeys.DB_PROGRAMS, found.programs());
            if (!found.programs()) {
                run.outputs().putString(BackupKeys.WARNINGS_VALIDATE, SiteChecks.programsWarning(found.database()));
            }
        }
        return RepeatStatus.FINISHED;
    }
}
