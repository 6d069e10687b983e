package org.backupbatch.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.FatalError;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Re-reads the assembled archive and, only when it checks out, publishes it durably (see
 * {@link BackupFiles#publish}): manifest, then archive, then the {@code .sha256} last, its presence
 * marking a complete backup. A run that stopped after publishing but before this step completed
 * finds the backup already published: {@link ResumeCheck} verified it before the restart, so it is
 * not published again (its work folder is gone by then).
 */
class VerifyTasklet implements Tasklet {

    static final String[] OUTPUTS = {BackupKeys.ARCHIVE_PATH};

    private static final Logger LOG = LoggerFactory.getLogger(VerifyTasklet.class);

    private final SiteRegistry sites;

    VerifyTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        ExecutionContext ctx = run.job();
        BackupFiles target = run.files();
        String sha256 = ctx.getString(BackupKeys.ARCHIVE_SHA);
        String published = target.publishedSha256();
        if (published == null) {
            Path work = Path.of(ctx.getString(BackupKeys.ARCHIVE_WORK));
            Path manifest = target.workFolder().resolve("manifest.json");
            new ArchiveVerifier().verify(work, Files.readAllBytes(manifest), sha256);
            target.publish(work, manifest, sha256);
        } else if (published.equals(sha256)) {
            LOG.info("{}: backup {} was published before the last run stopped; not published again", run.site(),
                    run.id());
            target.discardWork();
        } else {
            throw new FatalError("backup " + run.id() + " of site " + run.site() + " is already published as "
                    + target.checksum() + " with another sha256 (" + published + "); it is not replaced");
        }
        run.outputs().putString(BackupKeys.ARCHIVE_PATH, target.archive().toString());
        return RepeatStatus.FINISHED;
    }
}
