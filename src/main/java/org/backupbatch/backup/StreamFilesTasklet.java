package org.backupbatch.backup;

import java.util.List;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.Compressor;
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

/**
 * Streams the site's files into the work folder: what compresses gzipped by the server, the rest
 * as a second stream wrapped here (see {@link FilesStreamer}).
 */
class StreamFilesTasklet implements Tasklet {

    /** What this step leaves for the next ones (and checks before a restart reuses it). */
    static final String[] OUTPUTS = {BackupKeys.FILES_PART, BackupKeys.FILES_SHA, BackupKeys.FILES_ENTRIES,
        BackupKeys.FILES_REGULAR, BackupKeys.FILES_DIRS, BackupKeys.FILES_SYMLINKS, BackupKeys.FILES_BYTES,
        WorkValues.fileKey(BackupKeys.FILES_WARNINGS), WorkValues.shaKey(BackupKeys.FILES_WARNINGS),
        BackupKeys.FILES_STORED_PART, BackupKeys.FILES_STORED_SHA, BackupKeys.COMPRESSION};

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
        Compressor compressor = run.compressor();
        FilesStreamer.Result result = Retries.run(run.site() + ": streaming files", run.config().backup(), () -> {
            try (Shell opened = SiteShells.open(run.config())) {
                return new FilesStreamer(opened, run.commandTimeout(), compressor)
                        .expecting(expected).stream(files.remotePath(), run.includes(), run.excludes(), run.root(),
                                run.files().workFolder());
            }
        });
        ExecutionContext out = run.outputs();
        out.putString(BackupKeys.FILES_PART, result.gzFile().toString());
        out.putString(BackupKeys.FILES_SHA, result.sha256());
        if (result.storedFile() != null) {
            out.putString(BackupKeys.FILES_STORED_PART, result.storedFile().toString());
            out.putString(BackupKeys.FILES_STORED_SHA, result.storedSha256());
        } else {
            // a step run again may split differently: no stale stream of an earlier attempt, here
            // nor in the job's context, where the promotion only adds keys
            for (ExecutionContext context : List.of(out, run.job())) {
                context.remove(BackupKeys.FILES_STORED_PART);
                context.remove(BackupKeys.FILES_STORED_SHA);
            }
        }
        out.putString(BackupKeys.COMPRESSION, compressor.toString());
        out.putLong(BackupKeys.FILES_ENTRIES, result.stats().entries());
        out.putLong(BackupKeys.FILES_REGULAR, result.stats().regularFiles());
        out.putLong(BackupKeys.FILES_DIRS, result.stats().directories());
        out.putLong(BackupKeys.FILES_SYMLINKS, result.stats().symlinks());
        out.putLong(BackupKeys.FILES_BYTES, result.stats().bytes());
        // thousands on a live site: a work file, not the repository's context (WorkValues)
        WorkValues.put(out, run.job(), BackupKeys.FILES_WARNINGS, result.warnings(), run.files().workFolder());
        out.putLong(StepTimer.BYTES, result.compressedBytes());
        contribution.incrementWriteCount(result.stats().entries());
        LOG.info("{}: {} entries, {} of files received as {} compressed", run.site(), result.stats().entries(),
                Sizes.human(result.stats().bytes()), Sizes.human(result.compressedBytes()));
        return RepeatStatus.FINISHED;
    }

}
