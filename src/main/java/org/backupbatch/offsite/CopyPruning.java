package org.backupbatch.offsite;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.retention.KeepRules;
import org.backupbatch.retention.RetentionPolicy;

/**
 * Applies a copy's retention ({@link OffsiteCopy#keep()}) to the site's backups on that copy,
 * through the same pure {@link RetentionPolicy} as the local folder, with the same never-delete
 * rules that apply there: the newest complete backup stays (the policy keeps it); only this
 * site's complete backups are candidates ({@link CopyCatalog}): an unfinished upload, which a
 * re-run may resume, and anything else in the folder are never touched; a removed backup loses
 * its {@code .sha256} first, so a backup half removed never looks complete.
 */
public final class CopyPruning {

    private CopyPruning() {
    }

    /**
     * @param report told of every decision: {@code <copy>: <id> kept|removed|would remove: reason}
     * @return how many backups were removed (or would be, with {@code dryRun})
     */
    public static int prune(OffsiteCopy copy, String site, OffsiteUpload.Stores stores, boolean dryRun, Instant now,
            Consumer<String> report) throws IOException {
        try (CopyStore store = stores.open(copy, site)) {
            List<CopyCatalog.Entry> complete = CopyCatalog.of(site, store.list()).stream()
                    .filter(CopyCatalog.Entry::complete).toList();
            List<RetentionPolicy.Decision> decisions = policy(copy.keep()).apply(complete.stream()
                    .map(e -> new RetentionPolicy.Candidate(e.id(), false)).toList(), now);
            int removed = 0;
            for (RetentionPolicy.Decision decision : decisions) {
                String id = decision.backup().id().value();
                if (!decision.keep()) {
                    if (!dryRun) {
                        for (String name : entry(complete, id).names()) {
                            store.delete(name);
                        }
                    }
                    removed++;
                }
                report.accept(copy.name() + ": " + id + (decision.keep() ? " kept: " : dryRun ? " would remove: "
                        : " removed: ") + decision.reason());
            }
            return removed;
        }
    }

    private static CopyCatalog.Entry entry(List<CopyCatalog.Entry> entries, String id) {
        return entries.stream().filter(e -> e.id().value().equals(id)).findFirst().orElseThrow();
    }

    /** The policy of a copy: its days and rules; snapshots are never copied, so their days do not matter. */
    static RetentionPolicy policy(OffsiteCopy.Keep keep) {
        SiteConfig.Retention r = keep.rules();
        return new RetentionPolicy(keep.retentionDays(), new KeepRules(r.keepLast(), r.keepHourly(), r.keepDaily(),
                r.keepWeekly(), r.keepMonthly(), r.keepYearly()), r.keepSnapshotsDays());
    }
}
