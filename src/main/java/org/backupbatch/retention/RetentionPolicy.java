package org.backupbatch.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a site's backups for {@code days} days; pure, so a dry run is just not acting on the
 * result. The newest complete backup is always kept, however old; {@code days = 0} keeps all.
 */
public record RetentionPolicy(int days) {

    /** What to do with one backup, and why. */
    public record Decision(BackupFiles backup, boolean keep, String reason) {
    }

    /** @param backups complete backups of one site, any order */
    public List<Decision> apply(List<BackupFiles> backups, Instant now) {
        BackupFiles newest = backups.stream().max((a, b) -> a.id().time().compareTo(b.id().time())).orElse(null);
        Instant limit = now.minus(Duration.ofDays(days));
        List<Decision> decisions = new ArrayList<>();
        for (BackupFiles b : backups) {
            if (b == newest) {
                decisions.add(new Decision(b, true, "newest backup"));
            } else if (days == 0) {
                decisions.add(new Decision(b, true, "retention_days is 0: keep all"));
            } else if (b.id().time().isBefore(limit)) {
                decisions.add(new Decision(b, false, "older than " + days + " days"));
            } else {
                decisions.add(new Decision(b, true, "within " + days + " days"));
            }
        }
        return decisions;
    }
}
