package org.backupbatch.restore;

import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.retention.BackupFiles;

/**
 * What a restore will do, decided before anything changes: which backup, into which site, which
 * parts, how, whether the URL changes, and what the target holds now (which decides whether
 * {@code confirm=yes} is needed and whether a safety snapshot is taken).
 *
 * @param targetEntries entries in the target's folder now (0: empty or missing)
 * @param targetTables  tables in the target's database now (0: empty; -1: no database part)
 */
public record RestorePlan(String site, String target, BackupFiles backup, Manifest manifest, SiteConfig targetConfig,
        boolean files, boolean database, String mode, String urlFrom, String urlTo, long targetEntries,
        long targetTables) {

    public boolean urlChanges() {
        return urlFrom != null && urlTo != null && !urlFrom.equals(urlTo);
    }

    /** Whether the restore overwrites something: then it needs confirm=yes and takes a snapshot. */
    public boolean targetHasContent() {
        return (files && targetEntries > 0) || (database && targetTables > 0);
    }

    public boolean rewritesWpConfig() {
        return files && !site.equals(target) && targetConfig.site().isWordPress();
    }

    /** {@code files,db}, {@code files} or {@code db}. */
    public String parts() {
        return files && database ? "files,db" : files ? "files" : "db";
    }

    /** The plan in lines a person reads before confirming. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("restore backup " + manifest.id() + " of site " + site + " (" + backup.archive() + ")");
        lines.add("into site " + target + (site.equals(target) ? "" : " (another site)") + ", parts " + parts());
        if (files) {
            lines.add("files: " + manifest.files().entries() + " entries into " + targetConfig.files().remotePath()
                    + " (" + targetEntries + " entries there now), mode " + mode
                    + (mode.equals("mirror") ? ": paths the site's patterns select that the backup lacks are deleted"
                            : ": files of the backup overwrite, others stay"));
        }
        if (rewritesWpConfig()) {
            lines.add("wp-config.php: DB_NAME, DB_USER, DB_PASSWORD and DB_HOST set to " + target + "'s database");
        }
        if (database) {
            lines.add("database: " + manifest.database().tables() + " tables into " + targetConfig.database().name()
                    + " (" + targetTables + " tables there now; the backup's tables are replaced), DEFINER clauses "
                    + "rewritten to the loading user");
        }
        if (urlChanges()) {
            lines.add("URL: " + urlFrom + " -> " + urlTo + " in the database (PHP serialized values included)");
        }
        lines.add(targetHasContent() ? "a safety snapshot of what is overwritten is taken first (pre-restore backup)"
                : "the target is empty: no safety snapshot");
        return lines;
    }
}
