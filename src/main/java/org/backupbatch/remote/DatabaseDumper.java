package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.backupbatch.archive.InspectingOutputStream;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;
import org.backupbatch.ssh.ShellQuote;

/**
 * Dumps a site's database with mysqldump run where the database is reachable (over SSH, or here
 * for the local transport), gzipped by the server, with the flags a live shared-hosting site
 * needs (PRODUCT §6). The dump is gunzipped as it arrives (another thread) and must end with
 * mysqldump's {@code -- Dump completed} line.
 *
 * <p>A {@link TableSelection} may limit it to some tables: they are listed first (a query) and
 * named to mysqldump after the database; mysqldump then dumps their triggers with them, and
 * routines and events of the whole database as before (they belong to no table).
 */
public final class DatabaseDumper {

    public static final String DUMP_FLAGS = "--single-transaction --quick --triggers --hex-blob "
            + "--default-character-set=utf8mb4 --no-tablespaces";
    public static final String PROGRAMS_FLAGS = "--routines --events";
    private static final String COMPLETED = "-- Dump completed";

    /**
     * What was received.
     *
     * @param bytes         size of the dump, uncompressed
     * @param rawSha256     sum of the dump, uncompressed
     * @param tablePrefix   the prefix of the tables dumped; null when the whole database was
     * @param tablesLeftOut the tables and views of the database not dumped, sorted; null when
     *                      the whole database was dumped
     */
    public record Result(Path gzFile, String sha256, long compressedBytes, long bytes, String rawSha256, int tables,
            String completedLine, Map<String, Long> rows, String tablePrefix, List<String> tablesLeftOut) {
    }

    private final Shell shell;
    private final Duration timeout;
    private final Compressor compressor;
    private long expectedBytes;

    public DatabaseDumper(Shell shell, Duration timeout, int compressionLevel) {
        this(shell, timeout, Compressor.gzip(compressionLevel));
    }

    /** @param compressor gzip or pigz on the host, see {@link Compressor#choose} */
    public DatabaseDumper(Shell shell, Duration timeout, Compressor compressor) {
        this.shell = shell;
        this.timeout = timeout;
        this.compressor = compressor;
    }

    /** The compressed size to expect (the last backup's dump), for the progress ETA; 0 = unknown. */
    public DatabaseDumper expecting(long compressedBytes) {
        this.expectedBytes = compressedBytes;
        return this;
    }

    /**
     * Dumps the whole database.
     *
     * @param withPrograms whether routines and events are dumped (needs the EVENT privilege)
     */
    public Result dump(SiteConfig.Database db, boolean withPrograms, Path workDir) throws IOException {
        return dump(db, TableSelection.ALL, withPrograms, workDir);
    }

    /**
     * Dumps the tables the selection takes, with their triggers, and the routines and events.
     *
     * @param withPrograms whether routines and events are dumped (needs the EVENT privilege)
     * @throws FatalError when the selection takes no table of the database (a wrong prefix)
     */
    public Result dump(SiteConfig.Database db, TableSelection selection, boolean withPrograms, Path workDir)
            throws IOException {
        TableSelection.Split split = selection.takesAll() ? null : split(shell, db, selection);
        Path part = workDir.resolve("database.sql.gz.part");
        MessageDigest digest = Sha256.newDigest();
        CommandResult result;
        long received;
        DumpInspector.Contents contents;
        try (InspectingOutputStream<DumpInspector.Contents> inspected = new InspectingOutputStream<>(
                        new DigestOutputStream(PrivateFiles.newOutputStream(part), digest), "inspect-dump", DatabaseDumper::read);
                ProgressOutputStream out = new ProgressOutputStream(inspected,
                        Progress.start("dump of " + db.name(), expectedBytes))) {
            byte[] options = OptionFile.render(db);
            result = shell.run(script(db, withPrograms, split, options.length), new ByteArrayInputStream(options), out,
                    timeout);
            received = out.count();
            checkStatuses(result, db);
            contents = inspected.result();
        }
        if (!contents.lastLine().startsWith(COMPLETED)) {
            throw new FatalError("the dump of " + db.name() + " does not end with mysqldump's '" + COMPLETED
                    + "' line: it is truncated");
        }
        Path done = workDir.resolve("database.sql.gz");
        Files.move(part, done, StandardCopyOption.REPLACE_EXISTING);
        return new Result(done, Sha256.hex(digest), received, contents.bytes(), contents.sha256(), contents.tables(),
                contents.lastLine(), contents.rows(), selection.prefix(), split == null ? null : split.leftOut());
    }

    /**
     * Lists the database's tables and views (every kind: base, view, sequence, system-versioned)
     * and splits them. Names come hex-encoded, so that no character of a name is lost in the
     * client's tab-separated output.
     */
    static TableSelection.Split split(Shell shell, SiteConfig.Database db, TableSelection selection)
            throws IOException {
        List<String> names = new RemoteSql(shell, db).tableNames();
        TableSelection.Split split = selection.split(names);
        if (split.taken().isEmpty()) {
            throw new FatalError("no table of database " + db.name() + " on " + shell.describe()
                    + " starts with the table prefix " + selection.prefix() + " (" + names.size()
                    + " tables there): is the prefix right (database.table_prefix, or $table_prefix in "
                    + "wp-config.php)?");
        }
        return split;
    }

    private void checkStatuses(CommandResult result, SiteConfig.Database db) throws IOException {
        Integer mysqldump = result.stageStatuses().get("mysqldump");
        Integer gzip = result.stageStatuses().get("gzip");
        if (mysqldump == null || gzip == null || result.exitStatus() != 0) {
            throw new IOException("dump stream from " + shell.describe() + " ended before the remote pipeline did (exit "
                    + result.exitStatus() + ", stages " + result.stageStatuses() + "): " + result.stderrTail(5));
        }
        if (mysqldump != 0 || gzip != 0) {
            throw DatabaseErrors.explain("mysqldump of database " + db.name() + " on " + shell.describe()
                    + " failed (mysqldump=" + mysqldump + " gzip=" + gzip + ")", result, db);
        }
    }

    /**
     * @param split        the tables to name after the database, or null for the whole database
     * @param optionsBytes the size of the option file that comes first on stdin
     */
    private String script(SiteConfig.Database db, boolean withPrograms, TableSelection.Split split, int optionsBytes) {
        return new Pipeline()
                .before(OptionFile.prelude(optionsBytes))
                .stage("mysqldump", mysqldump(db, withPrograms, split, ""))
                .stage("gzip", compressor.command())
                .script();
    }

    /**
     * The mysqldump command, reading the option file (see {@link OptionFile#client}).
     *
     * @param split      the tables to name after the database, or null for the whole database
     * @param extraFlags more flags, quoted, each followed by a space; or empty
     */
    static String mysqldump(SiteConfig.Database db, boolean withPrograms, TableSelection.Split split,
            String extraFlags) {
        String flags = DUMP_FLAGS + (withPrograms ? " " + PROGRAMS_FLAGS : "");
        String what = quote(db.name()) + (split == null ? "" : " " + ShellQuote.quoteAll(split.taken()));
        return OptionFile.client("mysqldump " + OptionFile.DEFAULTS + " " + OptionFile.PACKET + " " + extraFlags
                + flags + " -- " + what);
    }

    /** Gunzips the dump: its size, sum, tables, rows per table, and its last non-empty line. */
    private static DumpInspector.Contents read(InputStream gz) throws IOException {
        DumpInspector inspector = new DumpInspector();
        try (InputStream in = new GZIPInputStream(gz, 65536)) {
            inspector.read(in);
        }
        return inspector.contents();
    }
}
