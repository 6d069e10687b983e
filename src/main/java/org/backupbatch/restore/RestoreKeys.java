package org.backupbatch.restore;

/**
 * Names that identify a restore in the job repository: the job and step names (its restart
 * identity, never changed), its parameters and the execution-context keys (plain values only,
 * never a password).
 */
public final class RestoreKeys {

    public static final String JOB = "restore";

    public static final String STEP_VERIFY = "verifyArchive";
    public static final String STEP_PLAN = "plan";
    public static final String STEP_SNAPSHOT = "safetySnapshot";
    public static final String STEP_FILES = "restoreFiles";
    public static final String STEP_DATABASE = "restoreDatabase";
    public static final String STEP_CHECK = "checkResult";

    /** Identifying parameters: the source site and backup, the target, what and how, and the run. */
    public static final String PARAM_SITE = "site";
    public static final String PARAM_TARGET = "target";
    /** The backup id, as resolved when the restore first started ({@code latest} resolved then). */
    public static final String PARAM_BACKUP = "backup";
    public static final String PARAM_PARTS = "parts";
    public static final String PARAM_MODE = "mode";
    public static final String PARAM_RUN = "run";
    /** The words as given ({@code backup=latest}, {@code parts=} or empty): a re-run with the same words resumes. */
    public static final String PARAM_BACKUP_WORD = "backup.word";
    public static final String PARAM_PARTS_WORD = "parts.word";
    /** {@code yes}: a same-site restore brings the backup's DB_* credentials back too. */
    public static final String PARAM_KEEP_CREDENTIALS = "keep_backup_credentials";

    /** The target's identity (SSH account, folder, database; no password), fixed by the first plan. */
    public static final String TARGET_IDENTITY = "target.identity";
    static final String TARGET_HAS_CONTENT = "target.hasContent";
    static final String TARGET_DB_HAS_TABLES = "target.databaseHasTables";
    /** The restored wp-config.php, prepared by the plan in the work folder: its sha256, mode and mtime. */
    static final String WP_CONFIG_SHA = "wpconfig.sha256";
    static final String WP_CONFIG_MODE = "wpconfig.mode";
    static final String WP_CONFIG_MTIME = "wpconfig.mtime";
    /** URL mappings, {@code from -> to} per line, longest first. */
    static final String URL_MAPPINGS = "url.mappings";
    static final String URL_HOME = "url.home";
    static final String URL_SITEURL = "url.siteurl";
    static final String PLAN_WARNINGS = "plan.warnings";
    public static final String SNAPSHOT_ID = "snapshot.id";
    public static final String FILES_RESTORED = "files.restored";
    public static final String ENTRIES_RESTORED = "entries.restored";
    public static final String FILES_DELETED = "files.deleted";
    public static final String DB_TABLES = "database.tables";
    public static final String URL_CHANGED = "url.changed";
    public static final String URL_PLAIN = "url.plain";
    public static final String URL_JSON = "url.json";
    public static final String CHECKED = "checked";
    public static final String CHECK_WARNINGS = "check.warnings";
    public static final String WARNINGS_COUNT = "warnings.count";
    /** How many symlinks of the archive point outside the site (a long); they are restored as links. */
    public static final String LINKS_OUTSIDE = "links.outside";
    /** The first of them as {@code name -> target} strings (an {@code ArrayList<String>}). */
    public static final String LINKS_OUTSIDE_LIST = "links.outside.list";

    private RestoreKeys() {
    }
}
