package org.backupbatch.restore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.config.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Before anything on the target changes: the archive's sha256 against its {@code .sha256}, every
 * member's sum and CRC, the tar structure, and every entry checked for paths that would leave the
 * site (absolute, {@code ..}, symlinks and hard links pointing out).
 */
class VerifyArchiveTasklet implements Tasklet {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyArchiveTasklet.class);

    private final SiteRegistry sites;

    VerifyArchiveTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        var backup = run.backup();
        String sha256 = Files.readString(backup.checksum(), StandardCharsets.UTF_8).strip().split("\\s+")[0];
        new ArchiveVerifier().verify(backup.archive(), Files.readAllBytes(backup.manifest()), sha256, true);
        LOG.info("{}: archive {} verified", run.target(), backup.archive());
        return RepeatStatus.FINISHED;
    }
}
