package org.backupbatch.remote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.backupbatch.archive.InspectingOutputStream;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.Streams;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dumps a database so that only what changed since a reference backup crosses the network
 * ({@code database.incremental: tables}). The dump is the one {@link DatabaseDumper} takes, with
 * {@code --skip-dump-date}, cut into sections on the host (see {@link DumpSections}): the header,
 * each table with its triggers, the programs, the footer. A first run of it on the host returns
 * only each section's sha256; a second sends the sections whose sum the local side does not
 * hold, and hashes the others again. The local side holds the reference's sections (each a gzip
 * member of its archive, its sums in its manifest) and the sections already received by an
 * earlier attempt of this backup (work files named by their sum, kept for a resume).
 *
 * <p>The result is {@code database.sql.gz}: one gzip member per section, in the order of the
 * second run, so that database.sql is that run's dump byte for byte. Sections received are
 * compressed here, one member each (the host's gzip stream carries them all); sections held are
 * copied as they are, their compressed sum and their text's sum checked against the reference's
 * manifest as they are read. A reference that fails is dropped with a warning, and the sections
 * it would have given are sent.
 *
 * <p>Each table is consistent on its own (its mysqldump run is one transaction), not with the
 * others: a section held may be older than one sent.
 */
public final class IncrementalDumper {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalDumper.class);
    private static final String COMPLETED = "-- Dump completed";
    private static final String WORK_PREFIX = SectionReceiver.WORK_PREFIX;
    private static final int ATTEMPTS = 3;

    /**
     * The backup whose sections may be copied.
     *
     * @param archive  its .tar.gz
     * @param sections its manifest's sections, offsets in that archive
     */
    public record Reference(String id, Path archive, List<Manifest.DatabaseSection> sections) {
    }

    /**
     * What was dumped.
     *
     * @param dump        the dump as {@link DatabaseDumper} describes one; its compressed bytes
     *                    are those transferred
     * @param sections    the sections, offsets in {@code database.sql.gz}
     * @param reference   the id of the reference whose sections were copied; null when none was
     * @param transferred compressed bytes received from the host (sums and sections)
     * @param reused      compressed bytes copied from the reference
     * @param warnings    why a reference was dropped; empty when none was
     */
    public record Result(DatabaseDumper.Result dump, List<Manifest.DatabaseSection> sections, String reference,
            long transferred, long reused, List<String> warnings) {
    }

    /** A section the local side holds: where its gzip member is, and the sums it must have. */
    private record Held(Path file, long offset, long length, String gzSha256, String textSha256, boolean reference) {

        InputStream open() throws IOException {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return org.apache.commons.io.input.BoundedInputStream.builder().setInputStream(in).setMaxCount(length)
                    .get();
        }
    }

    /** Thrown when a section of the reference does not hold what its manifest says. */
    private static final class BadReference extends IOException {
        BadReference(String message) {
            super(message);
        }
    }

    private final Shell shell;
    private final Duration timeout;
    private final Compressor compressor;
    private long transferred;

    /** @param compressor the host's gzip or pigz; its level also compresses the sections here */
    public IncrementalDumper(Shell shell, Duration timeout, Compressor compressor) {
        this.shell = shell;
        this.timeout = timeout;
        this.compressor = compressor;
    }

    /**
     * Dumps the tables the selection takes.
     *
     * @param reference the backup to copy unchanged sections from; null for none (all is sent)
     * @throws FatalError when the selection takes no table, or the dump is truncated
     */
    public Result dump(SiteConfig.Database db, TableSelection selection, boolean withPrograms, Path workDir,
            Reference reference) throws IOException {
        TableSelection.Split split = selection.takesAll() ? null : DatabaseDumper.split(shell, db, selection);
        String mysqldump = DatabaseDumper.mysqldump(db, withPrograms, split, "--skip-dump-date ");
        List<String> warnings = new ArrayList<>();
        Reference ref = usable(reference, warnings);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, Held> held = held(workDir, ref);
            Map<Integer, String> sums = held.isEmpty() ? Map.of() : sums(db, mysqldump);
            List<Integer> skip = new ArrayList<>();
            sums.forEach((n, sum) -> {
                if (held.containsKey(sum)) {
                    skip.add(n);
                }
            });
            List<SectionReceiver.Received> received = send(db, mysqldump, skip, workDir);
            List<Held> sources = sources(received, held, workDir);
            if (sources == null) {
                LOG.info("dump of {}: a table changed between its sum and its sending; again", db.name());
                continue;
            }
            try {
                return assemble(sources, workDir, selection, split, ref, warnings);
            } catch (BadReference e) {
                LOG.warn("dump of {}: {}; its tables are sent whole", db.name(), e.getMessage());
                warnings.add(e.getMessage() + "; the dump was sent whole");
                ref = null;
            }
        }
        throw new FatalError("the tables of database " + db.name() + " on " + shell.describe() + " kept changing "
                + "between their sums and their sending (" + ATTEMPTS + " attempts)");
    }

    /** The reference, or null with a warning when its archive is gone. */
    private static Reference usable(Reference reference, List<String> warnings) {
        if (reference != null && !Files.isRegularFile(reference.archive())) {
            warnings.add("reference backup " + reference.id() + " is gone (" + reference.archive()
                    + "); the dump was sent whole");
            LOG.warn(warnings.get(0));
            return null;
        }
        return reference;
    }

    /** The sections held, by the sum of their text: those received before, then the reference's. */
    private static Map<String, Held> held(Path workDir, Reference ref) throws IOException {
        Map<String, Held> held = new LinkedHashMap<>();
        if (ref != null) {
            for (Manifest.DatabaseSection s : ref.sections()) {
                held.putIfAbsent(s.dumpSha256(), new Held(ref.archive(), s.offset(), s.length(), s.sha256(),
                        s.dumpSha256(), true));
            }
        }
        try (var files = Files.newDirectoryStream(workDir, WORK_PREFIX + "*.gz")) {
            for (Path file : files) {
                String sum = file.getFileName().toString().substring(WORK_PREFIX.length()).replace(".gz", "");
                held.put(sum, new Held(file, 0, Files.size(file), null, sum, false));
            }
        }
        return held;
    }

    /** The first run: each section's sum, by number. */
    private Map<Integer, String> sums(SiteConfig.Database db, String mysqldump) throws IOException {
        byte[] options = OptionFile.render(db);
        String script = new Pipeline().before(OptionFile.prelude(options.length))
                .stage("mysqldump", mysqldump).stage("awk", DumpSections.hashCommand()).script();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = shell.run(script, new ByteArrayInputStream(options), out, timeout);
        transferred += out.size();
        check(result, db, "mysqldump", "awk");
        try {
            return DumpSections.parseSums(List.of(out.toString(StandardCharsets.ISO_8859_1).split("\n")));
        } catch (IllegalArgumentException e) {
            throw new IOException("sums of the dump of " + db.name() + " from " + shell.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The second run: the sections not skipped come whole, each into a work file named by its sum. */
    private List<SectionReceiver.Received> send(SiteConfig.Database db, String mysqldump, List<Integer> skip, Path workDir)
            throws IOException {
        byte[] options = OptionFile.render(db);
        String nonce = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String script = new Pipeline().before(OptionFile.prelude(options.length))
                .stage("mysqldump", mysqldump).stage("awk", DumpSections.sendCommand(skip, nonce))
                .stage("gzip", compressor.command()).script();
        List<SectionReceiver.Received> received;
        try (InspectingOutputStream<List<SectionReceiver.Received>> inspected = new InspectingOutputStream<>(
                        OutputStream.nullOutputStream(), "receive-sections",
                        gz -> SectionReceiver.receive(gz, nonce, workDir, compressor.level()));
                ProgressOutputStream out = new ProgressOutputStream(inspected,
                        Progress.start("dump of " + db.name() + " (changed tables)", 0))) {
            CommandResult result = shell.run(script, new ByteArrayInputStream(options), out, timeout);
            transferred += out.count();
            check(result, db, "mysqldump", "awk", "gzip");
            received = inspected.result();
        }
        long sent = received.stream().filter(SectionReceiver.Received::sent).count();
        LOG.info("dump of {}: {} of {} sections sent, the others held", db.name(), sent, received.size());
        return received;
    }

    /**
     * The section sources in order; null when a skipped section's new sum is held by no one (its
     * table changed since the first run: the two runs are two transactions).
     */
    private static List<Held> sources(List<SectionReceiver.Received> received, Map<String, Held> held, Path workDir) {
        List<Held> sources = new ArrayList<>();
        for (SectionReceiver.Received r : received) {
            if (r.sent()) {
                Path file = workDir.resolve(WORK_PREFIX + r.sha256() + ".gz");
                sources.add(new Held(file, 0, file.toFile().length(), null, r.sha256(), false));
            } else if (held.containsKey(r.sha256())) {
                sources.add(held.get(r.sha256()));
            } else {
                return null;
            }
        }
        return sources;
    }

    /** Writes database.sql.gz from the sources, checking each, and reads its text as it goes. */
    private Result assemble(List<Held> sources, Path workDir, TableSelection selection, TableSelection.Split split,
            Reference ref, List<String> warnings) throws IOException {
        Path part = workDir.resolve("database.sql.gz.part");
        MessageDigest whole = Sha256.newDigest();
        DumpInspector inspector = new DumpInspector();
        List<Manifest.DatabaseSection> sections = new ArrayList<>();
        long reused = 0;
        try (Streams.Counting out = new Streams.Counting(new DigestOutputStream(PrivateFiles.newOutputStream(part),
                whole))) {
            for (Held source : sources) {
                long offset = out.count();
                DumpInspector.Part text;
                String gzSha;
                try {
                    gzSha = copy(source, out);
                    if (source.reference() && !gzSha.equals(source.gzSha256())) {
                        throw new BadReference("a section of reference backup " + ref.id() + " differs from its "
                                + "manifest (sha256 " + gzSha + ", expected " + source.gzSha256() + ")");
                    }
                    try (InputStream in = new GZIPInputStream(source.open(), 65536)) {
                        text = inspector.read(in);
                    }
                } catch (BadReference e) {
                    throw e;
                } catch (IOException e) {
                    if (!source.reference()) {
                        throw e;
                    }
                    throw new BadReference("reference backup " + ref.id() + " cannot be read (" + e + ")");
                }
                if (!text.sha256().equals(source.textSha256())) {
                    String what = "the text of a section " + (source.reference() ? "of reference backup " + ref.id()
                            : "received (" + source.file() + ")") + " differs from its sum";
                    if (source.reference()) {
                        throw new BadReference(what);
                    }
                    Files.deleteIfExists(source.file());
                    throw new IOException(what);
                }
                reused += source.reference() ? source.length() : 0;
                sections.add(section(text, offset, out.count() - offset, gzSha, inspector));
            }
        }
        DumpInspector.Contents contents = inspector.contents();
        if (!contents.lastLine().startsWith(COMPLETED)) {
            throw new FatalError("the dump does not end with mysqldump's '" + COMPLETED + "' line: it is truncated");
        }
        Path done = workDir.resolve("database.sql.gz");
        Files.move(part, done, StandardCopyOption.REPLACE_EXISTING);
        long compressed = Files.size(done);
        DatabaseDumper.Result dump = new DatabaseDumper.Result(done, Sha256.hex(whole), transferred, contents.bytes(),
                contents.sha256(), contents.tables(), contents.lastLine(), contents.rows(), selection.prefix(),
                split == null ? null : split.leftOut());
        LOG.debug("database.sql.gz: {} bytes, {} sections, {} reused", compressed, sections.size(), reused);
        return new Result(dump, sections, reused > 0 ? ref.id() : null, transferred, reused,
                List.copyOf(warnings));
    }

    /** Copies a source's bytes to {@code out}; returns their sum. */
    private static String copy(Held source, OutputStream out) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = source.open()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    /** The manifest's entry for a section, named from its first lines. */
    private static Manifest.DatabaseSection section(DumpInspector.Part text, long offset, long length, String gzSha,
            DumpInspector inspector) {
        DumpSections.Name name = DumpSections.name(text.head());
        Long rows = name.kind().equals("table") ? inspector.rows(name.name()) : null;
        return new Manifest.DatabaseSection(name.kind(), name.name(), offset, length, gzSha, text.bytes(),
                text.sha256(), rows);
    }

    private void check(CommandResult result, SiteConfig.Database db, String... stages) throws IOException {
        for (String stage : stages) {
            Integer status = result.stageStatuses().get(stage);
            if (status == null || result.exitStatus() != 0) {
                throw new IOException("dump stream from " + shell.describe() + " ended before the remote pipeline did "
                        + "(exit " + result.exitStatus() + ", stages " + result.stageStatuses() + "): "
                        + result.stderrTail(5));
            }
            if (status != 0) {
                throw DatabaseErrors.explain(stage + " of database " + db.name() + " on " + shell.describe()
                        + " failed (" + result.stageStatuses() + ")", result, db);
            }
        }
    }
}
