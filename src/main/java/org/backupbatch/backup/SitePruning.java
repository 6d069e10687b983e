package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.backupbatch.config.SiteConfig;
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
}
