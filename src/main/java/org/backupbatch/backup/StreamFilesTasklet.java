package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.IncrementalFiles;
import org.backupbatch.archive.TarContents;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.Compressor;
import org.backupbatch.remote.FilesStreamer;
import org.backupbatch.remote.IncrementalStreamer;
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
 * Streams the site's files into the work folder: in full, what compresses gzipped by the server
 * and the rest as a second stream wrapped here (see {@link FilesStreamer}); or, on an incremental
 * night ({@link FilesMode}), only what changed since the reference backup, the rest taken from
 * it (see {@link IncrementalStreamer}). A reference that fails its check (a member copied from it
 * does not sum to what was recorded, or it is gone) makes the night full, with a warning: no
 * archive is built on a bad reference.
 */
class StreamFilesTasklet implements Tasklet {

    /** What this step leaves for the next ones (and checks before a restart reuses it). */
    static final String[] OUTPUTS = {BackupKeys.FILES_PART, BackupKeys.FILES_SHA, BackupKeys.FILES_ENTRIES,
        BackupKeys.FILES_REGULAR, BackupKeys.FILES_DIRS, BackupKeys.FILES_SYMLINKS, BackupKeys.FILES_BYTES,
        WorkValues.fileKey(BackupKeys.FILES_WARNINGS), WorkValues.shaKey(BackupKeys.FILES_WARNINGS),
        BackupKeys.FILES_STORED_PART, BackupKeys.FILES_STORED_SHA, BackupKeys.COMPRESSION,
        BackupKeys.FILES_MODE, BackupKeys.FILES_REFERENCE, BackupKeys.FILES_TRANSFERRED, BackupKeys.FILES_REUSED,
        BackupKeys.FILES_LAST_FULL, BackupKeys.FILES_CONTENT_CHECKED, BackupKeys.FILES_INDEX,
        BackupKeys.FILES_INDEX_SHA, BackupKeys.FILES_INDEX_ENTRIES};

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
        FilesMode mode = FilesMode.choose(run.config().backup().incremental(), run.files(), files.remotePath(),
                run.includes(), run.excludes(), run.isSnapshot(), run.config().backup().encryption() != null);
        List<String> notes = new ArrayList<>();
        if (mode.incremental()) {
            try {
                IncrementalStreamer.Result result = incremental(run, mode);
                record(run, contribution, taken(result, run, mode));
                return RepeatStatus.FINISHED;
            } catch (IncrementalFiles.DamagedReference e) {
                String note = "reference backup " + mode.reference().id() + " fails its check: " + e.getMessage()
                        + "; this backup is a full one";
                LOG.warn("{}: {}", run.site(), note);
                notes.add(note);
            }
        } else {
            LOG.info("{}: a full backup: {}", run.site(), mode.reason());
        }
        FilesStreamer.Result result = full(run);
        record(run, contribution, taken(result, run, notes));
        return RepeatStatus.FINISHED;
    }

    private static FilesStreamer.Result full(BackupRun run) throws Exception {
        long expected = LastBackup.of(run).filesBytes();
        Compressor compressor = run.compressor();
        return Retries.run(run.site() + ": streaming files", run.config().backup(), () -> {
            try (Shell opened = SiteShells.open(run.config())) {
                return new FilesStreamer(opened, run.commandTimeout(), compressor).expecting(expected)
                        .stream(run.config().files().remotePath(), run.includes(), run.excludes(), run.root(),
                                run.files().workFolder());
            }
        });
    }

    private static IncrementalStreamer.Result incremental(BackupRun run, FilesMode mode) throws Exception {
        ReferenceBackup ref = mode.reference();
        var reference = new IncrementalStreamer.Reference(ref.id(), ref.files().plainArchive(), ref.manifest(),
                ref.manifest().filesIndex() == null ? null : ref.files().filesIndex());
        LOG.info("{}: an incremental backup against {}{}", run.site(), ref.id(),
                mode.contentCheck() ? ", with a content check" : "");
        return Retries.run(run.site() + ": streaming changed files", run.config().backup(), () -> {
            try (Shell opened = SiteShells.open(run.config())) {
                return new IncrementalStreamer(opened, run.commandTimeout(), run.compressor())
                        .stream(run.config().files().remotePath(), run.includes(), run.excludes(), run.root(),
                                run.files().workFolder(), reference, mode.contentCheck());
            }
        });
    }

    /** What the step took, full or incremental, as its outputs record it. */
    private record Taken(Path part, String sha256, Path storedPart, String storedSha256, TarContents.Stats stats,
            List<String> warnings, long transferred, long reused, String mode, String reference, String lastFull,
            String contentChecked, Path index, String indexSha256, long indexEntries) {
    }

    private static Taken taken(FilesStreamer.Result r, BackupRun run, List<String> notes) {
        List<String> warnings = new ArrayList<>(notes);
        warnings.addAll(r.warnings());
        String id = run.id().value();
        return new Taken(r.gzFile(), r.sha256(), r.storedFile(), r.storedSha256(), r.stats(), warnings,
                r.compressedBytes(), 0, "full", null, id, id, null, null, 0);
    }

    private static Taken taken(IncrementalStreamer.Result r, BackupRun run, FilesMode mode) {
        var before = mode.reference().manifest().transfer();
        String refId = mode.reference().id();
        String lastFull = before == null ? refId : before.lastFull();
        String checked = mode.contentCheck() ? run.id().value() : before == null ? refId : before.contentChecked();
        return new Taken(r.part(), r.sha256(), null, null, r.stats(), r.warnings(), r.transferred(), r.reused(),
                "incremental", refId, lastFull, checked, r.index(), r.indexSha256(), r.indexEntries());
    }

    private static void record(BackupRun run, StepContribution contribution, Taken t) throws IOException {
        ExecutionContext out = run.outputs();
        // a step run again may take another way: no stale key of an earlier attempt, here nor in
        // the job's context, where the promotion only adds keys
        for (String key : List.of(BackupKeys.FILES_STORED_PART, BackupKeys.FILES_STORED_SHA, BackupKeys.FILES_REFERENCE,
                BackupKeys.FILES_INDEX, BackupKeys.FILES_INDEX_SHA, BackupKeys.FILES_INDEX_ENTRIES)) {
            out.remove(key);
            run.job().remove(key);
        }
        out.putString(BackupKeys.FILES_PART, t.part().toString());
        out.putString(BackupKeys.FILES_SHA, t.sha256());
        if (t.storedPart() != null) {
            out.putString(BackupKeys.FILES_STORED_PART, t.storedPart().toString());
            out.putString(BackupKeys.FILES_STORED_SHA, t.storedSha256());
        }
        if (t.index() != null) {
            out.putString(BackupKeys.FILES_INDEX, t.index().toString());
            out.putString(BackupKeys.FILES_INDEX_SHA, t.indexSha256());
            out.putLong(BackupKeys.FILES_INDEX_ENTRIES, t.indexEntries());
            out.putString(BackupKeys.FILES_REFERENCE, t.reference());
        }
        out.putString(BackupKeys.COMPRESSION, run.compressor().toString());
        out.putString(BackupKeys.FILES_MODE, t.mode());
        out.putLong(BackupKeys.FILES_TRANSFERRED, t.transferred());
        out.putLong(BackupKeys.FILES_REUSED, t.reused());
        out.putString(BackupKeys.FILES_LAST_FULL, t.lastFull());
        out.putString(BackupKeys.FILES_CONTENT_CHECKED, t.contentChecked());
        out.putLong(BackupKeys.FILES_ENTRIES, t.stats().entries());
        out.putLong(BackupKeys.FILES_REGULAR, t.stats().regularFiles());
        out.putLong(BackupKeys.FILES_DIRS, t.stats().directories());
        out.putLong(BackupKeys.FILES_SYMLINKS, t.stats().symlinks());
        out.putLong(BackupKeys.FILES_BYTES, t.stats().bytes());
        // thousands on a live site: a work file, not the repository's context (WorkValues)
        WorkValues.put(out, run.job(), BackupKeys.FILES_WARNINGS, new ArrayList<>(t.warnings()),
                run.files().workFolder());
        out.putLong(StepTimer.BYTES, t.transferred());
        contribution.incrementWriteCount(t.stats().entries());
        LOG.info("{}: {} entries, {} of files; {} received, {} taken from backup {} ({})", run.site(),
                t.stats().entries(), Sizes.human(t.stats().bytes()), Sizes.human(t.transferred()),
                Sizes.human(t.reused()), t.reference() == null ? "-" : t.reference(), t.mode());
    }
}
