package org.backupbatch.backup;

import java.time.Instant;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.FatalError;
import org.backupbatch.remote.DatabaseDumper;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.remote.IncrementalDumper;
import org.backupbatch.remote.RemoteSql;
import org.backupbatch.remote.WordPressOptions;
import org.backupbatch.remote.Retries;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.remote.Sizes;
import org.backupbatch.remote.TableSelection;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Dumps the site's database, gzipped by the server, into the work folder; nothing when it has none. */
class DumpDatabaseTasklet implements Tasklet {

    /** What this step leaves for the next ones (and checks before a restart reuses it). */
    static final String[] OUTPUTS = {BackupKeys.DB_PRESENT, BackupKeys.DB_NAME, BackupKeys.DB_HOST, BackupKeys.DB_PART,
        BackupKeys.DB_SHA, BackupKeys.DB_BYTES, BackupKeys.DB_RAW_SHA, BackupKeys.DB_TABLES, BackupKeys.DB_COMPLETED,
        BackupKeys.DB_MODIFIED, WorkValues.fileKey(BackupKeys.DB_ROWS), WorkValues.shaKey(BackupKeys.DB_ROWS),
        BackupKeys.DB_BY_PREFIX, BackupKeys.DB_TABLE_PREFIX, WorkValues.fileKey(BackupKeys.DB_TABLES_LEFT_OUT),
        WorkValues.shaKey(BackupKeys.DB_TABLES_LEFT_OUT), BackupKeys.SITE_URL, BackupKeys.HOME_URL,
        BackupKeys.DB_SECTIONED, BackupKeys.DB_SECTIONS, BackupKeys.DB_SECTIONS_SHA, BackupKeys.DB_REFERENCE,
        BackupKeys.DB_WARNINGS, BackupKeys.DB_TRANSFERRED, BackupKeys.DB_REUSED};

    private static final Logger LOG = LoggerFactory.getLogger(DumpDatabaseTasklet.class);

    private final SiteRegistry sites;

    DumpDatabaseTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    /**
     * The database dumped, with what was received, and WordPress's siteurl and home options.
     *
     * @param incremental the sections, with {@code database.incremental: tables}; else null
     */
    private record Dumped(SiteConfig.Database db, DatabaseDumper.Result result, String siteUrl, String homeUrl,
            IncrementalDumper.Result incremental) {
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        boolean programs = !Boolean.FALSE.equals(run.job().get(BackupKeys.DB_PROGRAMS));
        long expected = LastBackup.of(run).dumpBytes();
        Dumped dumped = Retries.run(run.site() + ": dumping the database", run.config().backup(), () -> {
            try (Shell opened = SiteShells.open(run.config())) {
                SiteConfig.Database db = run.withDatabase() ? database(run, opened) : null;
                if (db == null) {
                    return null;
                }
                IncrementalDumper.Result incremental = null;
                DatabaseDumper.Result result;
                if (IncrementalDump.applies(run, db)) {
                    incremental = IncrementalDump.dump(run, opened, db, tables(run, db), programs);
                    result = incremental.dump();
                } else {
                    result = new DatabaseDumper(opened, run.commandTimeout(), run.compressor())
                            .expecting(expected).dump(db, tables(run, db), programs, run.files().workFolder());
                }
                boolean wordpress = run.config().site().isWordPress();
                RemoteSql sql = new RemoteSql(opened, db);
                return new Dumped(db, result, wordpress ? WordPressOptions.get(sql, "siteurl") : null,
                        wordpress ? WordPressOptions.get(sql, "home") : null, incremental);
            }
        });
        ExecutionContext out = run.outputs();
        out.put(BackupKeys.DB_PRESENT, dumped != null);
        if (dumped == null) {
            LOG.info("{}: no database configured", run.site());
            return RepeatStatus.FINISHED;
        }
        SiteConfig.Database db = dumped.db();
        DatabaseDumper.Result result = dumped.result();
        out.putString(BackupKeys.DB_NAME, db.name());
        out.putString(BackupKeys.DB_HOST, db.socket() != null ? db.socket() : db.host());
        out.putString(BackupKeys.DB_PART, result.gzFile().toString());
        out.putString(BackupKeys.DB_SHA, result.sha256());
        out.putLong(BackupKeys.DB_BYTES, result.bytes());
        out.putString(BackupKeys.DB_RAW_SHA, result.rawSha256());
        out.putInt(BackupKeys.DB_TABLES, result.tables());
        // one count per table, thousands in some databases: a work file (WorkValues)
        WorkValues.put(out, run.job(), BackupKeys.DB_ROWS, result.rows(), run.files().workFolder());
        out.putString(BackupKeys.DB_COMPLETED, result.completedLine());
        recordTables(run, result);
        IncrementalDump.record(out, run, result, dumped.incremental());
        out.putLong(BackupKeys.DB_MODIFIED, Instant.now().toEpochMilli());
        out.putLong(StepTimer.BYTES, result.compressedBytes());
        String siteUrl = dumped.siteUrl() != null ? dumped.siteUrl() : run.config().site().url();
        if (siteUrl != null) {
            out.putString(BackupKeys.SITE_URL, siteUrl);
        }
        if (dumped.homeUrl() != null) {
            out.putString(BackupKeys.HOME_URL, dumped.homeUrl());
        }
        LOG.info("{}: database {} dumped: {} tables{}, {} ({} compressed)", run.site(), db.name(), result.tables(),
                result.tablePrefix() == null ? "" : " starting with " + result.tablePrefix() + " ("
                        + result.tablesLeftOut().size() + " left out)",
                Sizes.human(result.bytes()), Sizes.human(result.compressedBytes()));
        return RepeatStatus.FINISHED;
    }

    /**
     * The site's database; for a safety snapshot, the one its restore recorded (credentials from
     * the local copy of the target's own wp-config.php the restore keeps), checked against the
     * recorded identity: a snapshot never dumps another database than the restore will overwrite.
     */
    private static SiteConfig.Database database(BackupRun run, Shell shell) throws java.io.IOException {
        String wpConfig = run.parameter(BackupKeys.PARAM_WP_CONFIG);
        SiteConfig.Database db = wpConfig == null ? DatabaseSettings.resolve(run.config(), shell)
                : DatabaseSettings.fromWpConfig(run.config(), java.nio.file.Files.readAllBytes(java.nio.file.Path.of(wpConfig)));
        String expected = run.parameter(BackupKeys.PARAM_EXPECT_DATABASE);
        if (expected != null && (db == null || !expected.equals(db.identity()))) {
            throw new FatalError("the database of site " + run.site() + " is now " + (db == null ? "unknown"
                    : db.identity()) + ", not " + expected + " as the restore recorded; no snapshot of it is taken");
        }
        return db;
    }

    /** The site's tables (a prefix's, or all), and for a safety snapshot the tables its restore replaces. */
    private static TableSelection tables(BackupRun run, SiteConfig.Database db) {
        TableSelection selection = TableSelection.of(run.config(), db);
        String extra = run.parameter(BackupKeys.PARAM_TABLES_EXTRA);
        return extra == null ? selection : selection.plus(Json.strings(extra));
    }

    /** Which tables were dumped: all, or a prefix's (then the others are listed). */
    private static void recordTables(BackupRun run, DatabaseDumper.Result result) throws java.io.IOException {
        ExecutionContext out = run.outputs();
        out.put(BackupKeys.DB_BY_PREFIX, result.tablePrefix() != null);
        if (result.tablePrefix() != null) {
            out.putString(BackupKeys.DB_TABLE_PREFIX, result.tablePrefix());
            WorkValues.put(out, run.job(), BackupKeys.DB_TABLES_LEFT_OUT, result.tablesLeftOut(),
                    run.files().workFolder());
        }
    }

}
