package org.backupbatch.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a site keeps of its backups: a pure function from the list of its complete backups to a
 * decision with reasons for each, as restic's {@code ApplyPolicy}; a dry run is just not acting on
 * the result. How the rules combine:
 * <ul>
 * <li>Without any {@code keep_*} rule, {@code retention_days} alone decides, as it always has: a
 * backup older than {@code days} days (from now) goes; {@code days = 0} keeps all.</li>
 * <li>With {@code keep_*} rules, a backup is kept when ANY rule keeps it: one of the {@link
 * KeepRules}, or {@code retention_days} (all backups of the last {@code days} days; 0 then adds
 * nothing).</li>
 * <li>The newest backup is always kept, however old; so is the newest backup of any kind.</li>
 * <li>Pre-restore snapshots (the safety copies a restore takes) are not counted by the rules
 * above: they are kept {@code snapshotDays} days (0 keeps all).</li>
 * </ul>
 * Holds on a backup (a restore or drill reading it) are not this function's business: {@link
 * Pruner} checks them before it deletes anything.
 *
 * @param days         {@code retention_days}, in days from now
 * @param keep         the {@code keep_*} rules; {@link KeepRules#NONE} when none is set
 * @param snapshotDays {@code keep_snapshots_days}, in days from now
 */
public record RetentionPolicy(int days, KeepRules keep, int snapshotDays) {

    /** {@code retention_days} alone, snapshots kept a week: the policy of a site that sets nothing else. */
    public RetentionPolicy(int days) {
        this(days, KeepRules.NONE, 7);
    }

    /** A backup to decide about: its id, and whether it is a pre-restore snapshot. */
    public record Candidate(BackupId id, boolean snapshot) {
    }

    /** What to do with one backup, and why (several reasons when several rules keep it). */
    public record Decision(Candidate backup, boolean keep, List<String> reasons) {

        public Decision {
            reasons = List.copyOf(reasons);
        }

        /** The reasons as one phrase: {@code daily 2026-11-03, weekly 2026-W45}. */
        public String reason() {
            return String.join(", ", reasons);
        }
    }

    /**
     * @param backups complete backups of one site, any order
     * @return a decision for each backup, newest first
     */
    public List<Decision> apply(List<Candidate> backups, Instant now) {
        List<Candidate> sorted = backups.stream()
                .sorted(Comparator.comparing((Candidate c) -> c.id().time()).reversed()).toList();
        List<Candidate> normal = sorted.stream().filter(c -> !c.snapshot()).toList();
        List<List<String>> kept = keep.reasons(normal.stream().map(c -> c.id().time()).toList());
        List<Decision> decisions = new ArrayList<>();
        for (Candidate c : sorted) {
            List<String> reasons = new ArrayList<>();
            if (c == sorted.get(0) || (!normal.isEmpty() && c == normal.get(0))) {
                reasons.add("newest backup");
            }
            if (c.snapshot()) {
                decisions.add(snapshot(c, reasons, now));
            } else {
                reasons.addAll(kept.get(normal.indexOf(c)));
                decisions.add(normal(c, reasons, now));
            }
        }
        return decisions;
    }

    private Decision normal(Candidate c, List<String> reasons, Instant now) {
        boolean within = days > 0 && !c.id().time().isBefore(now.minus(Duration.ofDays(days)));
        if (keep.isEmpty()) {
            // retention_days alone: the reasons of old, which the newest backup's overrides
            if (!reasons.isEmpty()) {
                return new Decision(c, true, reasons);
            }
            return days == 0 ? new Decision(c, true, List.of("retention_days is 0: keep all"))
                    : new Decision(c, within, List.of((within ? "within " : "older than ") + days + " days"));
        }
        if (within) {
            reasons.add("within " + days + " days");
        }
        return reasons.isEmpty()
                ? new Decision(c, false, List.of("no keep rule holds it" + (days > 0 ? ", older than " + days + " days"
                        : "")))
                : new Decision(c, true, reasons);
    }

    private Decision snapshot(Candidate c, List<String> reasons, Instant now) {
        if (snapshotDays == 0) {
            reasons.add("pre-restore snapshot, keep_snapshots_days is 0: keep all");
        } else if (!c.id().time().isBefore(now.minus(Duration.ofDays(snapshotDays)))) {
            reasons.add("pre-restore snapshot within " + snapshotDays + " days");
        }
        return reasons.isEmpty()
                ? new Decision(c, false, List.of("pre-restore snapshot older than " + snapshotDays + " days"))
                : new Decision(c, true, reasons);
    }
}
