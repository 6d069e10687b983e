package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.offsite.CopyPruning;
import org.backupbatch.offsite.OffsiteUpload;
import org.backupbatch.retention.KeepRules;
import org.backupbatch.retention.Pruner;
import org.backupbatch.retention.RetentionPolicy;

/**
 * A site's retention, from its configuration to its folder: the one code path of the backup's
 * last step ({@link PruneTasklet}) and of {@code job=prune}. The caller holds the site's lock.
 */
public final class SitePruning {

    private SitePruning() {
    }

    /** The policy a site's configuration sets ({@code retention_days}, {@code keep_*}). */
    public static RetentionPolicy policy(SiteConfig.Backup backup) {
        SiteConfig.Retention r = backup.retention();
        return new RetentionPolicy(backup.retentionDays(), new KeepRules(r.keepLast(), r.keepHourly(), r.keepDaily(),
                r.keepWeekly(), r.keepMonthly(), r.keepYearly()), r.keepSnapshotsDays());
    }

    /** The folder of the site's backups: {@code <destination>/<site>}. */
    public static Path folder(SiteConfig config, String site) {
        return config.backup().destination().resolve(site);
    }

    /**
     * Applies the site's policy now; with {@code dryRun}, decides and reports without deleting.
     *
     * @param report told of every decision, with its reason
     */
    public static Pruner.Outcome prune(SiteConfig config, String site, boolean dryRun, Consumer<Pruner.Line> report)
            throws IOException {
        return new Pruner(folder(config, site), site, dryRun, report).prune(policy(config.backup()), Instant.now());
    }

    /**
     * Applies each off-site copy's retention to the site's backups there ({@link CopyPruning}); with
     * {@code dryRun}, decides and reports without deleting.
     *
     * @param report told of every decision, as {@code <copy>: <id> kept|removed: reason}
     * @return how many backups were removed from the copies (or would be)
     */
    public static int pruneCopies(SiteConfig config, String site, boolean dryRun, Consumer<String> report)
            throws IOException {
        int removed = 0;
        for (OffsiteCopy copy : config.copies()) {
            removed += CopyPruning.prune(copy, site, OffsiteUpload.realStores(config.backup().retries()), dryRun,
                    Instant.now(), report);
        }
        return removed;
    }
}
