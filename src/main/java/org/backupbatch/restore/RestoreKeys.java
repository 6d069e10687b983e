package org.backupbatch.restore;

/**
 * Names that identify a restore in the job repository: the job and step names (its restart
 * identity, never changed), its parameters and the execution-context keys (plain values only).
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
    public static final String PARAM_BACKUP = "backup";
    public static final String PARAM_PARTS = "parts";
    public static final String PARAM_MODE = "mode";
    public static final String PARAM_RUN = "run";

    static final String TARGET_DB = "target.database";
    static final String TARGET_HAS_CONTENT = "target.hasContent";
    static final String TARGET_DB_HAS_TABLES = "target.databaseHasTables";
    public static final String SNAPSHOT_ID = "snapshot.id";
    public static final String FILES_RESTORED = "files.restored";
    public static final String FILES_DELETED = "files.deleted";
    public static final String DB_TABLES = "database.tables";
    public static final String URL_CHANGED = "url.changed";
    public static final String CHECKED = "checked";
    /** How many symlinks of the archive point outside the site (a long); they are restored as links. */
    public static final String LINKS_OUTSIDE = "links.outside";
    /** The first of them as {@code name -> target} strings (an {@code ArrayList<String>}). */
    public static final String LINKS_OUTSIDE_LIST = "links.outside.list";

    private RestoreKeys() {
    }
}
