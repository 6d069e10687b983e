package org.backupbatch.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.ArchiveAssembler;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.ToolVersion;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.Progress;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Stitches the received parts and the manifest into the archive, still in the work folder. */
class AssembleTasklet implements Tasklet {

    /** What this step leaves for the next ones (and checks before a restart reuses it). */
    static final String[] OUTPUTS = {BackupKeys.ARCHIVE_WORK, BackupKeys.ARCHIVE_SHA, BackupKeys.ARCHIVE_LENGTH,
        BackupKeys.WARNINGS_COUNT, BackupKeys.TRANSFERRED, BackupKeys.REUSED};

    private final SiteRegistry sites;

    AssembleTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        ExecutionContext ctx = run.job();
        List<ArchiveAssembler.FilesStream> files = filesStreams(ctx);
        ArchiveAssembler.DumpPart dump = null;
        if (Boolean.TRUE.equals(ctx.get(BackupKeys.DB_PRESENT))) {
            dump = new ArchiveAssembler.DumpPart(new ArchiveAssembler.ReceivedPart(
                    Path.of(ctx.getString(BackupKeys.DB_PART)), ctx.getString(BackupKeys.DB_SHA)),
                    ctx.getLong(BackupKeys.DB_BYTES), Instant.ofEpochMilli(ctx.getLong(BackupKeys.DB_MODIFIED)));
        }
        Path work = run.files().workFolder().resolve(run.files().plainArchive().getFileName() + ".part");
        long expected = dump == null ? 0 : Files.size(dump.part().gzFile());
        for (ArchiveAssembler.FilesStream stream : files) {
            expected += Files.size(stream.part().gzFile());
        }
        Recorded recorded = Recorded.of(ctx);
        ArchiveAssembler.Result result;
        try (Progress progress = Progress.start(run.site() + ": assembling the archive", expected)) {
            ArchiveAssembler assembler = new ArchiveAssembler();
            result = ctx.containsKey(BackupKeys.FILES_INDEX) // an incremental night's part: the archive starts with it
                    ? assembler.assembleOnto(work, run.root(), files.get(0).part(), dump,
                            m -> manifest(run, recorded, m), progress)
                    : assembler.assemble(work, run.root(), files, dump, m -> manifest(run, recorded, m), progress);
        }
        PrivateFiles.write(run.files().workFolder().resolve("manifest.json"), result.manifest().toJson());
        ExecutionContext out = run.outputs();
        out.putString(BackupKeys.ARCHIVE_WORK, work.toString());
        out.putString(BackupKeys.ARCHIVE_SHA, result.sha256());
        out.putLong(BackupKeys.ARCHIVE_LENGTH, result.length());
        out.putInt(BackupKeys.WARNINGS_COUNT, result.manifest().warnings().size());
        if (result.manifest().transfer() != null) {
            out.putLong(BackupKeys.TRANSFERRED, result.manifest().transfer().transferred());
            out.putLong(BackupKeys.REUSED, result.manifest().transfer().reused());
        }
        out.putLong(StepTimer.BYTES, result.length());
        return RepeatStatus.FINISHED;
    }

    /**
     * The files part's streams: the stored one first (see {@link Manifest#FILES_STORED}), then
     * the gzipped one; one stream named {@code files} when there was nothing to store.
     */
    private static List<ArchiveAssembler.FilesStream> filesStreams(ExecutionContext ctx) {
        if (!ctx.containsKey(BackupKeys.FILES_PART)) {
            return List.of();
        }
        var gzip = new ArchiveAssembler.ReceivedPart(Path.of(ctx.getString(BackupKeys.FILES_PART)),
                ctx.getString(BackupKeys.FILES_SHA));
        if (!ctx.containsKey(BackupKeys.FILES_STORED_PART)) {
            return List.of(new ArchiveAssembler.FilesStream(Manifest.FILES, gzip));
        }
        var stored = new ArchiveAssembler.ReceivedPart(Path.of(ctx.getString(BackupKeys.FILES_STORED_PART)),
                ctx.getString(BackupKeys.FILES_STORED_SHA));
        return List.of(new ArchiveAssembler.FilesStream(Manifest.FILES_STORED, stored),
                new ArchiveAssembler.FilesStream(Manifest.FILES_GZIP, gzip));
    }

    /** What the transfer steps kept in work files ({@link WorkValues}), read back and checked. */
    private record Recorded(List<String> warnings, Map<String, Long> rows, List<String> tablesLeftOut) {

        static Recorded of(ExecutionContext ctx) throws java.io.IOException {
            List<String> warnings = WorkValues.get(ctx, BackupKeys.FILES_WARNINGS, new TypeReference<List<String>>() { });
            Map<String, Long> rows = WorkValues.get(ctx, BackupKeys.DB_ROWS, new TypeReference<LinkedHashMap<String,
                    Long>>() { });
            List<String> leftOut = Boolean.TRUE.equals(ctx.get(BackupKeys.DB_BY_PREFIX))
                    ? WorkValues.get(ctx, BackupKeys.DB_TABLES_LEFT_OUT, new TypeReference<List<String>>() { }) : null;
            return new Recorded(warnings, rows, leftOut);
        }
    }

    @SuppressWarnings("unchecked")
    private static Manifest manifest(BackupRun run, Recorded recorded, List<Manifest.Member> members) {
        ExecutionContext ctx = run.job();
        SiteConfig.Files files = run.config().files();
        Manifest.FilesPart filesPart = !ctx.containsKey(BackupKeys.FILES_PART) ? null : new Manifest.FilesPart(
                files.remotePath(), run.includes(), run.excludes(),
                ctx.getLong(BackupKeys.FILES_ENTRIES), ctx.getLong(BackupKeys.FILES_REGULAR),
                ctx.getLong(BackupKeys.FILES_DIRS), ctx.getLong(BackupKeys.FILES_SYMLINKS),
                ctx.getLong(BackupKeys.FILES_BYTES));
        Manifest.DatabasePart db = null;
        if (Boolean.TRUE.equals(ctx.get(BackupKeys.DB_PRESENT))) {
            boolean byPrefix = Boolean.TRUE.equals(ctx.get(BackupKeys.DB_BY_PREFIX));
            List<Manifest.DatabaseSection> sections = sections(ctx, members);
            boolean sectioned = sections != null;
            db = new Manifest.DatabasePart(ctx.getString(BackupKeys.DB_NAME), ctx.getString(BackupKeys.DB_HOST),
                    ctx.getLong(BackupKeys.DB_BYTES), ctx.getString(BackupKeys.DB_RAW_SHA),
                    ctx.getInt(BackupKeys.DB_TABLES), ctx.getString(BackupKeys.DB_COMPLETED), recorded.rows(),
                    byPrefix ? ctx.getString(BackupKeys.DB_TABLE_PREFIX) : null, recorded.tablesLeftOut(), sections,
                    sectioned ? (String) ctx.get(BackupKeys.DB_REFERENCE) : null,
                    sectioned ? ctx.getLong(BackupKeys.DB_TRANSFERRED) : null,
                    sectioned ? ctx.getLong(BackupKeys.DB_REUSED) : null);
        }
        List<String> warnings = new ArrayList<>();
        if (recorded.warnings() != null) {
            warnings.addAll(recorded.warnings());
        }
        if (ctx.containsKey(BackupKeys.DB_WARNINGS) && Boolean.TRUE.equals(ctx.get(BackupKeys.DB_SECTIONED))) {
            warnings.addAll((List<String>) ctx.get(BackupKeys.DB_WARNINGS));
        }
        if (run.parameter(BackupKeys.PARAM_REASON) != null) {
            warnings.add(run.parameter(BackupKeys.PARAM_REASON));
        }
        if (ctx.containsKey(BackupKeys.WARNINGS_VALIDATE)) {
            warnings.add(ctx.getString(BackupKeys.WARNINGS_VALIDATE));
        }
        return new Manifest(Manifest.FORMAT_VERSION, run.site(), run.id().value(), run.id().time().toString(),
                ToolVersion.get(), (Map<String, String>) ctx.get(BackupKeys.TOOLS), filesPart, db, warnings, members,
                run.kind(), (String) ctx.get(BackupKeys.SITE_URL), (String) ctx.get(BackupKeys.HOME_URL), steps(ctx),
                compression(run), transfer(ctx), entryMap(ctx));
    }

    /** Issue 15: how the files were taken and what crossed the network (files and dump); null without files. */
    private static Manifest.Transfer transfer(ExecutionContext ctx) {
        if (!ctx.containsKey(BackupKeys.FILES_MODE)) {
            return null;
        }
        // the dump's figures: what crossed the network and what was copied from the reference (database.incremental)
        long dumpSent = ctx.getLong(BackupKeys.DB_TRANSFERRED, 0);
        long dumpReused = ctx.getLong(BackupKeys.DB_REUSED, 0);
        return new Manifest.Transfer(ctx.getString(BackupKeys.FILES_MODE), (String) ctx.get(BackupKeys.FILES_REFERENCE),
                ctx.getLong(BackupKeys.FILES_TRANSFERRED) + dumpSent, ctx.getLong(BackupKeys.FILES_REUSED) + dumpReused,
                ctx.getString(BackupKeys.FILES_LAST_FULL), ctx.getString(BackupKeys.FILES_CONTENT_CHECKED));
    }

    private static Manifest.EntryMap entryMap(ExecutionContext ctx) {
        return !ctx.containsKey(BackupKeys.FILES_INDEX) ? null : new Manifest.EntryMap(
                ctx.getString(BackupKeys.FILES_INDEX_SHA), ctx.getLong(BackupKeys.FILES_INDEX_ENTRIES));
    }

    /** The dump's sections with their offsets in the archive; null when it was not cut into sections. */
    private static List<Manifest.DatabaseSection> sections(ExecutionContext ctx, List<Manifest.Member> members) {
        Manifest.Member database = members.stream().filter(m -> m.name().equals("database")).findFirst().orElse(null);
        try {
            return database == null ? null : IncrementalDump.sections(ctx, database.offset());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading the dump's sections", e);
        }
    }

    /** How the host compressed the streams: the files step's choice, else the dump's (the same rule). */
    private static String compression(BackupRun run) {
        Object files = run.job().get(BackupKeys.COMPRESSION);
        return files != null ? files.toString() : run.compressor().toString();
    }

    /** The figures of the steps that ran before this one, in the job's order; null when none were kept. */
    private static Map<String, Manifest.Step> steps(ExecutionContext ctx) {
        Map<String, Manifest.Step> steps = new LinkedHashMap<>();
        for (String name : List.of(BackupKeys.STEP_VALIDATE, BackupKeys.STEP_FILES, BackupKeys.STEP_DATABASE)) {
            Map<String, Long> figures = StepTimer.of(ctx, name);
            if (figures != null) {
                steps.put(name, new Manifest.Step(figures.get("bytes"), figures.get("duration_ms")));
            }
        }
        return steps.isEmpty() ? null : steps;
    }
}
