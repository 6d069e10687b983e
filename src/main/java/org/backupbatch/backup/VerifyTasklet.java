package org.backupbatch.backup;

import org.backupbatch.config.SiteRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.retention.BackupFiles;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.util.FileSystemUtils;

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
        Path checksum = target.workFolder().resolve("sha256");
        Files.writeString(checksum, sha256 + "  " + target.archive().getFileName() + "\n", StandardCharsets.UTF_8);
        Files.move(manifest, target.manifest(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(work, target.archive(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(checksum, target.checksum(), StandardCopyOption.ATOMIC_MOVE);
        FileSystemUtils.deleteRecursively(target.workFolder());
        deleteIfEmpty(target.workFolder().getParent());
        run.outputs().putString(BackupKeys.ARCHIVE_PATH, target.archive().toString());
        return RepeatStatus.FINISHED;
    }

    private static void deleteIfEmpty(Path folder) throws java.io.IOException {
        try (var entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        }
    }
}
