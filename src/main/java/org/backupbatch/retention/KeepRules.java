package org.backupbatch.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * restic's {@code forget --keep-last/-hourly/-daily/-weekly/-monthly/-yearly} rules, as its
 * {@code ApplyPolicy} applies them: backups are walked newest first; a rule with a count left
 * keeps a backup whose bucket (its hour, day, ISO week, month or year) differs from that of the
 * last backup the rule kept, and uses one count; the oldest backup is kept too by every rule that
 * still has a count (that keeps the longest history the counts allow). So the counts are counts
 * of distinct buckets, and each bucket keeps its newest backup. Buckets are taken in UTC, where
 * backup ids live, so that a policy gives the same result on every machine (restic uses the
 * snapshot's own zone); a daily backup at 01:30 Paris time belongs to the UTC day before.
 *
 * @param last    the newest {@code last} backups; 0 = rule unused (the others alike)
 * @param hourly  the newest backup of each of the last {@code hourly} hours that have one
 * @param daily   likewise for days
 * @param weekly  likewise for ISO weeks (Monday to Sunday)
 * @param monthly likewise for months
 * @param yearly  likewise for years
 */
public record KeepRules(int last, int hourly, int daily, int weekly, int monthly, int yearly) {

    /** No rule: retention is {@code retention_days} alone. */
    public static final KeepRules NONE = new KeepRules(0, 0, 0, 0, 0, 0);

    public KeepRules {
        for (int count : new int[] {last, hourly, daily, weekly, monthly, yearly}) {
            if (count < 0) {
                throw new IllegalArgumentException("a keep count is 0 or more, got " + count);
            }
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** One rule: its name, its count, and how a time names its bucket (null for {@code last}). */
    private record Rule(String name, int count, Function<ZonedDateTime, String> bucket) {
    }

    private List<Rule> rules() {
        return List.of(new Rule("last", last, null),
                new Rule("hourly", hourly, t -> String.format("%04d-%02d-%02dT%02d", t.getYear(), t.getMonthValue(),
                        t.getDayOfMonth(), t.getHour())),
                new Rule("daily", daily, t -> t.toLocalDate().toString()),
                new Rule("weekly", weekly, t -> String.format("%04d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR),
                        t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
                new Rule("monthly", monthly, t -> String.format("%04d-%02d", t.getYear(), t.getMonthValue())),
                new Rule("yearly", yearly, t -> String.format("%04d", t.getYear())));
    }

    /**
     * Why each backup is kept by these rules, e.g. {@code daily 2026-11-03}; an empty list for a
     * backup no rule keeps.
     *
     * @param newestFirst the times of the backups, newest first
     * @return one list of reasons per time, in the same order
     */
    public List<List<String>> reasons(List<Instant> newestFirst) {
        List<List<String>> reasons = new ArrayList<>();
        newestFirst.forEach(t -> reasons.add(new ArrayList<>()));
        for (Rule rule : rules()) {
            int left = rule.count();
            String lastBucket = null;
            for (int nr = 0; nr < newestFirst.size() && left > 0; nr++) {
                ZonedDateTime time = newestFirst.get(nr).atZone(ZoneOffset.UTC);
                String bucket = rule.bucket() == null ? String.valueOf(nr) : rule.bucket().apply(time);
                boolean oldest = nr == newestFirst.size() - 1;
                if (!bucket.equals(lastBucket) || oldest) {
                    reasons.get(nr).add(reason(rule, bucket, bucket.equals(lastBucket)));
                    lastBucket = bucket;
                    left--;
                }
            }
        }
        return reasons;
    }

    private static String reason(Rule rule, String bucket, boolean sameBucket) {
        String base = rule.bucket() == null ? "last " + rule.count() : rule.name() + " " + bucket;
        return sameBucket ? base + " (the oldest backup, while " + rule.name() + " has counts left)" : base;
    }
}
