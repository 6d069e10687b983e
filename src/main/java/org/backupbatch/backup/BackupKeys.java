package org.backupbatch.backup;

/**
 * Names that identify a backup in the job repository. Job and step names are the restart
 * identity of a run: they never change. Execution-context keys hold plain values only (paths,
 * counts, sums), never configuration or secrets.
 */
public final class BackupKeys {

    public static final String JOB = "backup";

    public static final String STEP_VALIDATE = "validate";
    public static final String STEP_FILES = "streamFiles";
    public static final String STEP_DATABASE = "dumpDatabase";
    public static final String STEP_ASSEMBLE = "assembleArchive";
    public static final String STEP_VERIFY = "verifyChecksum";
    public static final String STEP_COPY = "copyOffsite";
    public static final String STEP_PRUNE = "pruneRetention";
    /** Every step, in order. */
    public static final java.util.List<String> STEPS = java.util.List.of(STEP_VALIDATE, STEP_FILES, STEP_DATABASE,
            STEP_ASSEMBLE, STEP_VERIFY, STEP_COPY, STEP_PRUNE);

    /** Job parameters: both identifying, so one site's runs are distinct instances. */
    public static final String PARAM_SITE = "site";
    public static final String PARAM_ID = "id";

    /**
     * Parameters of a safety snapshot, the backup a restore takes of its target (absent from
     * ordinary backups): {@code kind=pre-restore}; which paths (the restored backup's patterns,
     * JSON lists) and parts ({@code files,db}) to take; the database the restore recorded
     * ({@code user@host:port/name}, checked before dumping) and the local wp-config.php copy to
     * read its credentials from; why it is taken (a manifest warning).
     */
    public static final String PARAM_KIND = "kind";
    public static final String PARAM_INCLUDE = "select.include";
    public static final String PARAM_EXCLUDE = "select.exclude";
    public static final String PARAM_PARTS = "parts";
    public static final String PARAM_EXPECT_DATABASE = "expect.database";
    public static final String PARAM_WP_CONFIG = "database.wpconfig";
    public static final String PARAM_REASON = "reason";
    /** The tables a snapshot takes beside the site's own (a JSON list): those its restore replaces. */
    public static final String PARAM_TABLES_EXTRA = "tables.extra";

    static final String TOOLS = "remote.tools";
    static final String DB_PROGRAMS = "database.programs";
    static final String WARNINGS_VALIDATE = "validate.warnings";

    public static final String FILES_ENTRIES = "files.entries";
    public static final String FILES_BYTES = "files.bytes";
    public static final String FILES_REGULAR = "files.regular";
    static final String FILES_DIRS = "files.directories";
    static final String FILES_SYMLINKS = "files.symlinks";
    static final String FILES_PART = "files.part";
    static final String FILES_SHA = "files.sha256";
    /** The stream of files that do not compress, and its sum; absent when there were none. */
    static final String FILES_STORED_PART = "files.stored.part";
    static final String FILES_STORED_SHA = "files.stored.sha256";
    /** How the host compressed the streams, e.g. {@code pigz -6}. */
    static final String COMPRESSION = "compression";
    static final String FILES_WARNINGS = "files.warnings";
    /**
     * Issue 15: {@code full} or {@code incremental}; the reference backup's id (incremental only);
     * bytes received from the host for the files; data member bytes taken over from the
     * reference; the last full backup's id and the last content check's (carried on).
     */
    public static final String FILES_MODE = "files.mode";
    public static final String FILES_REFERENCE = "files.reference";
    public static final String FILES_TRANSFERRED = "files.transferred";
    public static final String FILES_REUSED = "files.reused";
    /** Bytes received from the host for the whole backup (files and dump), as the manifest records them. */
    public static final String TRANSFERRED = "transfer.bytes";
    /** Bytes copied from the reference backup (files and dump), as the manifest records them. */
    public static final String REUSED = "transfer.reused";
    static final String FILES_LAST_FULL = "files.lastFull";
    static final String FILES_CONTENT_CHECKED = "files.contentChecked";
    /** An incremental night's entry map (work file), its sum and entries; absent when full. */
    static final String FILES_INDEX = "files.index";
    static final String FILES_INDEX_SHA = "files.index.sha256";
    static final String FILES_INDEX_ENTRIES = "files.index.entries";

    public static final String DB_PRESENT = "database.present";
    public static final String DB_BYTES = "database.bytes";
    static final String DB_NAME = "database.name";
    static final String DB_HOST = "database.host";
    static final String DB_PART = "database.part";
    static final String DB_SHA = "database.sha256";
    static final String DB_RAW_SHA = "database.rawSha256";
    static final String DB_TABLES = "database.tables";
    static final String DB_COMPLETED = "database.completed";
    static final String DB_MODIFIED = "database.modified";
    static final String DB_ROWS = "database.rows";
    /**
     * Whether only the tables of a prefix were dumped; always written, so that a step run again
     * with another configuration leaves no stale prefix behind. Then the prefix and the tables
     * left out (an ArrayList of names) are written too.
     */
    static final String DB_BY_PREFIX = "database.byPrefix";
    static final String DB_TABLE_PREFIX = "database.tablePrefix";
    static final String DB_TABLES_LEFT_OUT = "database.tablesLeftOut";
    /**
     * With {@code database.incremental: tables}: whether the dump was cut into sections (always
     * written); then the work file listing them (JSON, offsets in database.sql.gz), the reference
     * whose sections were copied (absent when none), and why a reference was dropped (a list).
     */
    static final String DB_SECTIONED = "database.sectioned";
    static final String DB_SECTIONS = "database.sections";
    static final String DB_SECTIONS_SHA = "database.sections.sha256";
    static final String DB_REFERENCE = "database.reference";
    static final String DB_WARNINGS = "database.warnings";
    /**
     * Compressed bytes of the dump that crossed the network, and that were copied from the
     * reference (0 when none was): numbers for the summary line's transferred= and reused=
     * (issue 15, with the files'). Written by every dump of a database.
     */
    public static final String DB_TRANSFERRED = "db.transferred";
    public static final String DB_REUSED = "db.reused";
    static final String SITE_URL = "site.url";
    static final String HOME_URL = "home.url";

    static final String ARCHIVE_WORK = "archive.work";
    static final String ARCHIVE_SHA = "archive.sha256";
    public static final String ARCHIVE_LENGTH = "archive.length";
    public static final String ARCHIVE_PATH = "archive.path";
    public static final String WARNINGS_COUNT = "warnings.count";

    private BackupKeys() {
    }
}
