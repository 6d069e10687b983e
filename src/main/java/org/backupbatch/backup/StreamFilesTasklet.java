package org.backupbatch.backup;

import java.util.ArrayList;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.FilesStreamer;
import org.backupbatch.remote.Retries;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.remote.Sizes;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Streams the site's files, compressed by the server, into the work folder. */
class StreamFilesTasklet implements Tasklet {

    /** What this step leaves for the next ones (and checks before a restart reuses it). */
    static final String[] OUTPUTS = {BackupKeys.FILES_PART, BackupKeys.FILES_SHA, BackupKeys.FILES_ENTRIES,
        BackupKeys.FILES_REGULAR, BackupKeys.FILES_DIRS, BackupKeys.FILES_SYMLINKS, BackupKeys.FILES_BYTES,
        BackupKeys.FILES_WARNINGS};

    private static final Logger LOG = LoggerFactory.getLogger(StreamFilesTasklet.class);

    private final SiteRegistry sites;

    StreamFilesTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        if (!run.withFiles()) {
            LOG.info("{}: no files taken (a snapshot before a database-only restore)", run.site());
            return RepeatStatus.FINISHED;
        }
        SiteConfig.Files files = run.config().files();
        long expected = LastBackup.of(run).filesBytes();
        FilesStreamer.Result result = Retries.run(run.site() + ": streaming files", run.config().backup(), () -> {
            try (Shell opened = SiteShells.open(run.config())) {
                return new FilesStreamer(opened, run.commandTimeout(), run.compressionLevel())
                        .expecting(expected).stream(files.remotePath(), run.includes(), run.excludes(), run.root(),
                                run.files().workFolder());
            }
        });
        ExecutionContext out = run.outputs();
        out.putString(BackupKeys.FILES_PART, result.gzFile().toString());
        out.putString(BackupKeys.FILES_SHA, result.sha256());
        out.putLong(BackupKeys.FILES_ENTRIES, result.stats().entries());
        out.putLong(BackupKeys.FILES_REGULAR, result.stats().regularFiles());
        out.putLong(BackupKeys.FILES_DIRS, result.stats().directories());
        out.putLong(BackupKeys.FILES_SYMLINKS, result.stats().symlinks());
        out.putLong(BackupKeys.FILES_BYTES, result.stats().bytes());
        out.put(BackupKeys.FILES_WARNINGS, new ArrayList<>(result.warnings()));
        out.putLong(StepTimer.BYTES, result.compressedBytes());
        contribution.incrementWriteCount(result.stats().entries());
        LOG.info("{}: {} entries, {} of files received as {} compressed", run.site(), result.stats().entries(),
                Sizes.human(result.stats().bytes()), Sizes.human(result.compressedBytes()));
        return RepeatStatus.FINISHED;
    }

}
