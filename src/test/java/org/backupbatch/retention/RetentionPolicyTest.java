package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** retention_days alone: the behaviour of old, which a site that sets no keep_* rule still gets. */
class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T03:25:51Z");

    @Test
    void removesBackupsOlderThanTheRetentionAndKeepsTheOthers() {
        // given
        var old = backupAgo(Duration.ofDays(10));
        var recent = backupAgo(Duration.ofDays(3));
        var newest = backupAgo(Duration.ofHours(1));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(old, recent, newest), NOW);
        // then: newest first
        assertThat(decisions).extracting(RetentionPolicy.Decision::backup).containsExactly(newest, recent, old);
        assertThat(decisions).extracting(RetentionPolicy.Decision::keep).containsExactly(true, true, false);
        assertThat(decisions).extracting(RetentionPolicy.Decision::reason)
                .containsExactly("newest backup", "within 7 days", "older than 7 days");
    }

    @Test
    void keepsABackupExactlyAsOldAsTheRetention() {
        // given
        var boundary = backupAgo(Duration.ofDays(7));
        var newest = backupAgo(Duration.ofDays(1));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(boundary, newest), NOW);
        // then
        assertThat(decisions.get(1).keep()).isTrue();
    }

    @Test
    void keepsTheNewestBackupEvenWhenItIsOlderThanTheRetention() {
        // given
        var older = backupAgo(Duration.ofDays(40));
        var newest = backupAgo(Duration.ofDays(30));
        // when: any order in
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(older, newest), NOW);
        // then
        assertThat(decisions).extracting(RetentionPolicy.Decision::backup).containsExactly(newest, older);
        assertThat(decisions).extracting(RetentionPolicy.Decision::keep).containsExactly(true, false);
        assertThat(decisions.get(0).reason()).isEqualTo("newest backup");
    }

    @Test
    void zeroDaysKeepsEveryBackup() {
        // given
        var backups = List.of(backupAgo(Duration.ofDays(400)), backupAgo(Duration.ofDays(40)),
                backupAgo(Duration.ofDays(1)));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(0).apply(backups, NOW);
        // then
        assertThat(decisions).allMatch(RetentionPolicy.Decision::keep);
        assertThat(decisions).extracting(RetentionPolicy.Decision::reason)
                .containsExactly("newest backup", "retention_days is 0: keep all", "retention_days is 0: keep all");
    }

    @Test
    void decidesNothingForNoBackups() {
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(), NOW);
        // then
        assertThat(decisions).isEmpty();
    }

    @Test
    void aSingleVeryOldBackupIsKept() {
        // given
        var only = backupAgo(Duration.ofDays(1000));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(only), NOW);
        // then
        assertThat(decisions).singleElement().extracting(RetentionPolicy.Decision::keep).isEqualTo(true);
    }

    private static RetentionPolicy.Candidate backupAgo(Duration age) {
        return new RetentionPolicy.Candidate(BackupId.of(NOW.minus(age)), false);
    }
}
