package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * restic's forget rules over a year of nightly backups (2026-01-01 .. 2026-12-31, 03:00 UTC; 2026
 * starts on a Thursday, so it has 53 ISO weeks, W53 = Dec 28 .. Jan 3), checked as restic's own
 * tests do: exactly which backups survive, worked out by hand from the calendar.
 */
class KeepRulesPolicyTest {

    private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
    private static final List<RetentionPolicy.Candidate> YEAR = nightly(LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-12-31"));

    @Test
    void keepDailyKeepsTheNewestBackupOfEachOfTheLastSevenDays() {
        assertThat(survivors(policy(0, new KeepRules(0, 0, 7, 0, 0, 0)), YEAR))
                .containsExactly("12-31", "12-30", "12-29", "12-28", "12-27", "12-26", "12-25");
    }

    @Test
    void keepLastKeepsTheNewestBackups() {
        assertThat(survivors(policy(0, new KeepRules(3, 0, 0, 0, 0, 0)), YEAR))
                .containsExactly("12-31", "12-30", "12-29");
    }

    @Test
    void keepWeeklyKeepsTheNewestBackupOfEachIsoWeek() {
        // W53 (Thu Dec 31, the newest), W52, W51, W50 end on Sundays Dec 27, 20, 13
        assertThat(survivors(policy(0, new KeepRules(0, 0, 0, 4, 0, 0)), YEAR))
                .containsExactly("12-31", "12-27", "12-20", "12-13");
    }

    @Test
    void keepMonthlyKeepsTheLastBackupOfEachMonth() {
        assertThat(survivors(policy(0, new KeepRules(0, 0, 0, 0, 12, 0)), YEAR))
                .containsExactly("12-31", "11-30", "10-31", "09-30", "08-31", "07-31", "06-30", "05-31", "04-30",
                        "03-31", "02-28", "01-31");
    }

    @Test
    void aRuleWithCountsLeftAlsoKeepsTheOldestBackup() {
        // 24 months asked, 12 there: the 12 month ends, and Jan 1 as the oldest (restic since 0.16)
        List<RetentionPolicy.Decision> decisions = policy(0, new KeepRules(0, 0, 0, 0, 24, 0)).apply(YEAR, NOW);
        assertThat(survivors(decisions)).hasSize(13).startsWith("12-31").endsWith("01-31", "01-01");
        assertThat(decisions.get(decisions.size() - 1).reason())
                .isEqualTo("monthly 2026-01 (the oldest backup, while monthly has counts left)");
    }

    @Test
    void grandfatherFatherSonKeepsTheUnionOfItsRules() {
        // daily 7: Dec 25..31; weekly 4: Dec 31, 27, 20, 13; monthly 6: Dec 31, Nov 30 .. Jul 31;
        // yearly 2: Dec 31, and Jan 1 as the oldest (only one year there)
        List<RetentionPolicy.Decision> decisions = policy(0, new KeepRules(0, 0, 7, 4, 6, 2)).apply(YEAR, NOW);
        assertThat(survivors(decisions)).containsExactly("12-31", "12-30", "12-29", "12-28", "12-27", "12-26",
                "12-25", "12-20", "12-13", "11-30", "10-31", "09-30", "08-31", "07-31", "01-01");
        assertThat(decisions.get(0).reason()).isEqualTo(
                "newest backup, daily 2026-12-31, weekly 2026-W53, monthly 2026-12, yearly 2026");
        assertThat(decisions.get(4).reason()).isEqualTo("daily 2026-12-27, weekly 2026-W52");
        assertThat(decisions.get(5).reason()).isEqualTo("daily 2026-12-26");
        assertThat(decisions.get(6).reason()).isEqualTo("daily 2026-12-25");
        assertThat(decisions.get(7).keep()).isFalse();
        assertThat(decisions.get(7).reason()).isEqualTo("no keep rule holds it");
    }

    @Test
    void retentionDaysKeepsEveryBackupOfItsWindowBesideTheRules() {
        // 30 days before 2027-01-01T00:00Z is 2026-12-02T00:00Z: Dec 2 .. 31; monthly 3 adds Nov 30, Oct 31
        List<RetentionPolicy.Decision> decisions = policy(30, new KeepRules(0, 0, 3, 0, 3, 0)).apply(YEAR, NOW);
        assertThat(survivors(decisions)).hasSize(32).startsWith("12-31", "12-30").endsWith("12-03", "12-02",
                "11-30", "10-31");
        assertThat(decisions.get(3).reason()).isEqualTo("within 30 days");
        assertThat(decisions.get(30).reason()).isEqualTo("no keep rule holds it, older than 30 days");
    }

    @Test
    void withoutKeepRulesRetentionDaysAloneDecidesAsBefore() {
        List<RetentionPolicy.Decision> decisions = policy(30, KeepRules.NONE).apply(YEAR, NOW);
        assertThat(survivors(decisions)).hasSize(30).startsWith("12-31").endsWith("12-02");
        assertThat(decisions.get(30).reason()).isEqualTo("older than 30 days");
    }

    @Test
    void keepHourlyTakesTheNewestBackupOfEachHour() {
        // given: Dec 31 at 03:00, 03:30, 09:00, 09:15, 15:00
        List<RetentionPolicy.Candidate> day = Stream.of("030000", "033000", "090000", "091500", "150000")
                .map(t -> candidate("20261231T" + t + "Z", false)).toList();
        // when
        List<RetentionPolicy.Decision> decisions = policy(0, new KeepRules(0, 2, 0, 0, 0, 0)).apply(day, NOW);
        // then: 15h and 09h (its 09:15); 03h is the third hour
        assertThat(decisions).filteredOn(RetentionPolicy.Decision::keep).extracting(d -> d.backup().id().value())
                .containsExactly("20261231T150000Z", "20261231T091500Z");
        assertThat(decisions.get(1).reason()).isEqualTo("hourly 2026-12-31T09");
    }

    @Test
    void bucketsAreUtcDays() {
        // given: 23:30 UTC on Dec 31 is already Jan 1 in Paris; UTC puts it in 2026
        List<RetentionPolicy.Candidate> backups = List.of(candidate("20270101T003000Z", false),
                candidate("20261231T233000Z", false), candidate("20261231T010000Z", false));
        // when
        List<RetentionPolicy.Decision> decisions = policy(0, new KeepRules(0, 0, 0, 0, 0, 2)).apply(backups, NOW);
        // then: the newest of 2027 and the newest of 2026
        assertThat(decisions).extracting(RetentionPolicy.Decision::keep).containsExactly(true, true, false);
        assertThat(decisions.get(1).reason()).isEqualTo("yearly 2026");
    }

    @Test
    void snapshotsAreNotCountedByTheKeepRulesAndLastTheirOwnDays() {
        // given: nightly backups Dec 20..31, and pre-restore snapshots on Dec 30 and Dec 10 at noon
        List<RetentionPolicy.Candidate> backups = new ArrayList<>(nightly(LocalDate.parse("2026-12-20"),
                LocalDate.parse("2026-12-31")));
        backups.add(candidate("20261230T120000Z", true));
        backups.add(candidate("20261210T120000Z", true));
        // when: the two last backups, snapshots a week
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(0, new KeepRules(2, 0, 0, 0, 0, 0), 7)
                .apply(backups, NOW);
        // then: the snapshot of Dec 30 neither counts among the last two nor is removed
        assertThat(decisions).filteredOn(RetentionPolicy.Decision::keep).extracting(d -> d.backup().id().value())
                .containsExactly("20261231T030000Z", "20261230T120000Z", "20261230T030000Z");
        assertThat(decisions).filteredOn(d -> d.backup().snapshot()).extracting(RetentionPolicy.Decision::reason)
                .containsExactly("pre-restore snapshot within 7 days", "pre-restore snapshot older than 7 days");
    }

    @Test
    void theNewestBackupStaysWhenItIsASnapshotPastItsDays() {
        // given: the site's last normal backup and, after it, a snapshot; both old
        List<RetentionPolicy.Candidate> backups = List.of(candidate("20260101T030000Z", false),
                candidate("20260301T030000Z", true), candidate("20250101T030000Z", false));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(30, new KeepRules(0, 0, 1, 0, 0, 0), 7)
                .apply(backups, NOW);
        // then: the snapshot (newest of all) and the newest normal backup stay
        assertThat(decisions).extracting(RetentionPolicy.Decision::keep).containsExactly(true, true, false);
        assertThat(decisions.get(0).reason()).isEqualTo("newest backup");
        assertThat(decisions.get(1).reason()).isEqualTo("newest backup, daily 2026-01-01");
    }

    private static RetentionPolicy policy(int days, KeepRules keep) {
        return new RetentionPolicy(days, keep, 7);
    }

    private static List<String> survivors(RetentionPolicy policy, List<RetentionPolicy.Candidate> backups) {
        return survivors(policy.apply(backups, NOW));
    }

    /** The kept backups as MM-dd, newest first. */
    private static List<String> survivors(List<RetentionPolicy.Decision> decisions) {
        return decisions.stream().filter(RetentionPolicy.Decision::keep)
                .map(d -> d.backup().id().value().substring(4, 6) + "-" + d.backup().id().value().substring(6, 8))
                .toList();
    }

    private static List<RetentionPolicy.Candidate> nightly(LocalDate first, LocalDate last) {
        return first.datesUntil(last.plusDays(1))
                .map(d -> new RetentionPolicy.Candidate(BackupId.of(d.atTime(3, 0).toInstant(ZoneOffset.UTC)), false))
                .toList();
    }

    private static RetentionPolicy.Candidate candidate(String id, boolean snapshot) {
        return new RetentionPolicy.Candidate(BackupId.parse(id).orElseThrow(), snapshot);
    }
}
