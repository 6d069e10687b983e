package org.backupbatch.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Re-reads the assembled archive and, only when it checks out, publishes it: manifest, then
 * archive, then the {@code .sha256} last (its presence marks a complete backup), each by an
 * atomic rename. The work folder is removed afterwards.
 */
class VerifyTasklet implements Tasklet {

    static final String[] OUTPUTS = {BackupKeys.ARCHIVE_PATH};

    private final SiteRegistry sites;

    VerifyTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        ExecutionContext ctx = run.job();
        BackupFiles target = run.files();
        Path work = Path.of(ctx.getString(BackupKeys.ARCHIVE_WORK));
        Path manifest = target.workFolder().resolve("manifest.json");
        String sha256 = ctx.getString(BackupKeys.ARCHIVE_SHA);
        new ArchiveVerifier().verify(work, Files.readAllBytes(manifest), sha256);
        target.publish(work, manifest, sha256);
        run.outputs().putString(BackupKeys.ARCHIVE_PATH, target.archive().toString());
        return RepeatStatus.FINISHED;
    }
}
