package org.backupbatch.restore;

import java.io.IOException;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.FatalError;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.ssh.Shell;

/**
 * The one decision of which database a restore writes into, made at its first plan and recorded
 * ({@link TargetIdentity} in the job repository, the target's own wp-config.php in its {@link
 * TargetRecord}); every later step gets the database from {@link #checked} and nowhere else.
 * <p>
 * The database is the site file's when it names one whole (name, user, password); else the one
 * the target's own wp-config.php names, as it stood before any restore changed it: the record's
 * copy when an earlier restore into the target did not complete (the folder may hold the
 * source's wp-config.php by then), else the one WordPress would load from the target's folder
 * now. A same-site restore into a folder that lost its wp-config.php uses the backup's.
 */
final class TargetDatabase {

    private TargetDatabase() {
    }

    /** The decision of a plan, with the wp-config.php it read (to be kept in the record). */
    record Decided(TargetIdentity identity, SiteConfig.Database database, byte[] wpConfig, boolean fromRecord) {
    }

    static Decided decide(SiteConfig target, Shell shell, TargetRecord record, boolean sameSite, byte[] backupWpConfig)
            throws IOException {
        SiteConfig.Database configured = target.database();
        if (configured == null) {
            return new Decided(TargetIdentity.of(target, null, "none"), null, null, false);
        }
        if (record.exists()) {
            byte[] kept = record.wpConfig();
            SiteConfig.Database db = database(target, kept);
            String origin = whole(configured) ? "the site file"
                    : "the record kept since an unfinished restore into " + target.site().name() + " began";
            return new Decided(TargetIdentity.of(target, db, origin), db, kept, true);
        }
        if (whole(configured) || !target.site().isWordPress()) {
            return new Decided(TargetIdentity.of(target, configured, "the site file"), configured, null, false);
        }
        byte[] own = DatabaseSettings.readWpConfig(target.files().remotePath(), shell);
        String origin = "the target's own wp-config.php";
        if (own == null && sameSite && backupWpConfig != null) {
            own = backupWpConfig;
            origin = "the backup's wp-config.php (the site's folder has none)";
        }
        SiteConfig.Database db = database(target, own);
        return new Decided(TargetIdentity.of(target, db, own == null ? "none" : origin), db, own, false);
    }

    /** The recorded database, checked against the plan's identity; null when the target has none. */
    static SiteConfig.Database checked(RestoreRun run) throws IOException {
        TargetIdentity recorded = TargetIdentity.fromJson(run.job().getString(RestoreKeys.TARGET_IDENTITY));
        TargetRecord record = TargetRecord.of(run.targetConfig());
        SiteConfig.Database db = database(run.targetConfig(), record.exists() ? record.wpConfig() : null);
        TargetIdentity now = TargetIdentity.of(run.targetConfig(), db, recorded.origin());
        if (!now.samePlaceAs(recorded)) {
            throw new FatalError("the target of this restore is now " + now.describe() + ", but it was "
                    + recorded.describe() + " when the restore was planned (was " + run.targetConfig().sourceFile()
                    + " or the record in " + record.folder() + " changed?); refusing to write into it. "
                    + "Put the site file back, or start over with fresh=yes");
        }
        return db;
    }

    /** The database with a password, or null when not known. */
    static SiteConfig.Database database(SiteConfig target, byte[] wpConfig) {
        SiteConfig.Database configured = target.database();
        if (configured == null || !target.site().isWordPress()) {
            return configured;
        }
        if (wpConfig == null) {
            return whole(configured) ? configured : null;
        }
        return DatabaseSettings.fromWpConfig(target, wpConfig);
    }

    private static boolean whole(SiteConfig.Database db) {
        return db.explicitKeys().containsAll(java.util.Set.of("name", "user", "password"));
    }
}
