package org.backupbatch.restore;

import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.retention.BackupFiles;

/**
 * What a restore will do, decided before anything changes: which backup, into which place (the
 * target's {@link TargetIdentity}), which parts, how, the URL mappings, the wp-config.php it will
 * write, and what the target holds now (which decides whether {@code confirm=yes} is needed and
 * whether a safety snapshot is taken).
 *
 * @param target        the target's database decision (its database carries a password: never logged)
 * @param wpConfig      the wp-config.php to write, or null when none is rewritten
 * @param targetEntries entries in the target's folder now (0: empty or missing)
 * @param targetTables  tables in the target's database now (0: empty; -1: no database part)
 * @param warnings      what the plan found that the user should know (computed defines)
 */
public record RestorePlan(String site, String target, BackupFiles backup, Manifest manifest, SiteConfig targetConfig,
        boolean files, boolean database, String mode, UrlPlan urls, TargetDatabase.Decided targetDatabase,
        WpConfigPlan wpConfig, long targetEntries, long targetTables, List<String> warnings) {

    /** Whether the restore overwrites something: then it needs confirm=yes and takes a snapshot. */
    public boolean targetHasContent() {
        return (files && targetEntries > 0) || (database && targetTables > 0);
    }

    /** {@code files,db}, {@code files} or {@code db}. */
    public String parts() {
        return files && database ? "files,db" : files ? "files" : "db";
    }

    TargetIdentity identity() {
        return targetDatabase.identity();
    }

    /** The plan in lines a person reads before confirming. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("restore backup " + manifest.id() + " of site " + site + " (" + backup.archive() + ")");
        lines.add("into site " + target + (site.equals(target) ? "" : " (another site)") + ": "
                + identity().describe() + ", parts " + parts());
        if (files) {
            lines.add("files: " + manifest.files().entries() + " entries (" + manifest.files().regularFiles()
                    + " files) into " + identity().folder() + " (" + targetEntries + " entries there now), mode " + mode
                    + (mode.equals("mirror") ? ": paths both the backup's and the target's patterns select that the"
                            + " backup lacks are deleted" : ": files of the backup overwrite, others stay"));
        }
        if (wpConfig != null && !wpConfig.changed().isEmpty()) {
            lines.add("wp-config.php: " + String.join(", ", wpConfig.changed()) + " set for the target"
                    + (identity().dbName() == null ? "" : " (database " + identity().database() + ")"));
        }
        if (database) {
            lines.add("database: " + manifest.database().tables() + " tables into " + identity().database() + " ("
                    + targetTables + " tables there now; the backup's tables are replaced, no other table is "
                    + "touched), DEFINER clauses rewritten to the loading user");
        }
        for (String[] mapping : urls.mappings()) {
            lines.add("URL: " + mapping[0] + " -> " + mapping[1] + " in the database (plain and JSON-escaped, PHP "
                    + "serialized values included)");
        }
        warnings.forEach(w -> lines.add("warning: " + w));
        lines.add(targetHasContent() ? "a safety snapshot of what is overwritten is taken first (pre-restore backup)"
                : "the target is empty: no safety snapshot");
        return lines;
    }
}
