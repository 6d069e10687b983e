package org.backupbatch.restore;

import java.io.IOException;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.FatalError;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.ssh.Shell;

/**
 * The database a restore writes into: the target site's, as configured or read from its
 * wp-config.php. Restoring files may replace that wp-config.php with the source's, so a step
 * that runs after the plan checks the database is still the one the plan recorded — a staging
 * restore must never write into production's database.
 */
final class TargetDatabase {

    private TargetDatabase() {
    }

    static SiteConfig.Database resolve(RestoreRun run) throws IOException {
        try (Shell shell = SiteShells.open(run.targetConfig())) {
            return DatabaseSettings.resolve(run.targetConfig(), shell);
        }
    }

    /** Resolves and checks it against the plan's record. */
    static SiteConfig.Database checked(RestoreRun run, Shell shell) throws IOException {
        SiteConfig.Database db = DatabaseSettings.resolve(run.targetConfig(), shell);
        String recorded = run.job().getString(RestoreKeys.TARGET_DB, null);
        if (db == null || (recorded != null && !recorded.equals(identity(db)))) {
            throw new FatalError("the database of site " + run.target() + " is now "
                    + (db == null ? "unknown" : identity(db)) + ", but was " + recorded + " when the restore was "
                    + "planned (was its wp-config.php replaced?); refusing to write into it. Set database.name, "
                    + "user and password in " + run.targetConfig().sourceFile());
        }
        return db;
    }

    /**
     * The target's database, for its restored wp-config.php: read before the files are
     * restored; on a retry, when the wp-config.php there is already the source's, from the
     * wp-config.php the safety snapshot kept.
     */
    static SiteConfig.Database forWpConfig(RestoreRun run, Shell shell) throws IOException {
        try {
            return checked(run, shell);
        } catch (FatalError e) {
            String snapshot = run.job().getString(RestoreKeys.SNAPSHOT_ID, null);
            if (snapshot == null) {
                throw e;
            }
            SiteConfig.Database db = SnapshotWpConfig.database(run, snapshot);
            if (!identity(db).equals(run.job().getString(RestoreKeys.TARGET_DB, identity(db)))) {
                throw e;
            }
            return db;
        }
    }

    static String identity(SiteConfig.Database db) {
        return db.user() + "@" + (db.socket() != null ? db.socket() : db.host() + ":" + db.port()) + "/" + db.name();
    }
}
