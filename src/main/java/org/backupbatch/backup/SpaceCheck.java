package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.remote.Sizes;
import org.backupbatch.remote.SizeEstimate;
import org.backupbatch.remote.TableSelection;
import org.backupbatch.ssh.Shell;

/**
 * Whether a backup of the site fits in its destination: the files and tables a backup would take,
 * measured on the server ({@link SizeEstimate}, before compression: an upper bound of the
 * archive), against the space free where the archive goes. A backup holds its parts in the work
 * folder while it assembles the archive beside them, so up to twice the archive is needed at the
 * peak: less free space than the estimate is an error, less than {@value #MARGIN} times it a
 * warning.
 */
final class SpaceCheck {

    /** How many times the estimate should be free: parts and archive side by side. */
    static final int MARGIN = 2;

    private final SiteConfig config;
    private final Path siteFolder;
    private final List<CheckResult> results;

    SpaceCheck(SiteConfig config, Path siteFolder, List<CheckResult> results) {
        this.config = config;
        this.siteFolder = siteFolder;
        this.results = results;
    }

    /**
     * Estimates and compares; each part is its own check.
     *
     * @param files whether the files can be measured (their folder and tools are there)
     * @param db    the database when its login works, else null
     */
    SiteChecks.Estimate estimate(Shell shell, boolean files, SiteConfig.Database db) {
        SizeEstimate sizes = new SizeEstimate(shell, config.commandTimeout());
        Long filesBytes = files ? files(sizes) : null;
        Long dbBytes = db != null ? database(sizes, db) : null;
        Long free = free(add(filesBytes, dbBytes));
        return new SiteChecks.Estimate(filesBytes, dbBytes, free);
    }

    private Long files(SizeEstimate sizes) {
        SiteConfig.Files files = config.files();
        try {
            SizeEstimate.Files found = sizes.files(files.remotePath(), files.includePatterns(), files.excludePatterns());
            results.add(CheckResult.ok("files estimate", found.files() + " files, " + Sizes.human(found.bytes())
                    + patterns(files)));
            if (!found.warnings().isEmpty()) {
                results.add(CheckResult.warning("files readable", found.warnings().size() + " paths cannot be read: "
                        + String.join(" | ", found.warnings().subList(0, Math.min(3, found.warnings().size()))),
                        "give the SSH account read access, or exclude them with files.exclude_patterns"));
            }
            return found.bytes();
        } catch (IOException | RuntimeException e) {
            results.add(CheckResult.error("files estimate", String.valueOf(e.getMessage()), "check files.remote_path"));
            return null;
        }
    }

    private static String patterns(SiteConfig.Files files) {
        if (files.includePatterns().isEmpty() && files.excludePatterns().isEmpty()) {
            return " (all of " + files.remotePath() + ")";
        }
        return " (" + files.includePatterns().size() + " include and " + files.excludePatterns().size()
                + " exclude patterns)";
    }

    private Long database(SizeEstimate sizes, SiteConfig.Database db) {
        try {
            TableSelection selection = TableSelection.of(config, db);
            SizeEstimate.Database found = sizes.database(db, selection);
            results.add(CheckResult.ok("database estimate", found.tables() + " tables, " + Sizes.human(found.bytes())
                    + " of data" + (selection.takesAll() ? "" : " (prefix " + selection.prefix() + ")")));
            return found.bytes();
        } catch (IOException | RuntimeException e) {
            results.add(CheckResult.error("database estimate", String.valueOf(e.getMessage()),
                    "check that the user may read information_schema"));
            return null;
        }
    }

    private Long free(Long needed) {
        Path existing = nearestExisting(siteFolder);
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            results.add(CheckResult.error("free space", "cannot read the free space of " + existing + ": " + e,
                    "check backup.destination"));
            return null;
        }
        results.add(judge(free, needed, existing));
        return free;
    }

    /**
     * The free space against the estimate.
     *
     * @param free     bytes free where the archives go
     * @param needed   the estimate in bytes, or null when nothing could be measured
     * @param existing the folder whose disk that is
     */
    static CheckResult judge(long free, Long needed, Path existing) {
        String fix = "free space on the disk of " + existing + ", or set backup.destination to a larger one";
        String have = Sizes.human(free) + " free in " + existing;
        if (needed == null) {
            return CheckResult.ok("free space", have + " (nothing estimated to compare with)");
        }
        if (free < needed) {
            return CheckResult.error("free space", have + ", a backup reads up to " + Sizes.human(needed)
                    + " (before compression)", fix);
        }
        if (free < MARGIN * needed) {
            return CheckResult.warning("free space", have + ", under " + MARGIN + " x the estimate of "
                    + Sizes.human(needed) + " (a backup holds its parts beside the archive it assembles)", fix);
        }
        return CheckResult.ok("free space", have + ", over " + MARGIN + " x the estimate of " + Sizes.human(needed));
    }

    private static Long add(Long a, Long b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }

    /** The folder itself, or the nearest of its parents that exists: where it would be made. */
    static Path nearestExisting(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }
}
