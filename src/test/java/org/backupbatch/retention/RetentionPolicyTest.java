package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T03:25:51Z");
    private static final Path FOLDER = Path.of("/backups/blog");

    @Test
    void removesBackupsOlderThanTheRetentionAndKeepsTheOthers() {
        // given
        BackupFiles old = backupAgo(Duration.ofDays(10));
        BackupFiles recent = backupAgo(Duration.ofDays(3));
        BackupFiles newest = backupAgo(Duration.ofHours(1));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(old, recent, newest), NOW);
        // then
        assertThat(decisions).extracting(RetentionPolicy.Decision::backup).containsExactly(old, recent, newest);
        assertThat(decisions).extracting(RetentionPolicy.Decision::keep).containsExactly(false, true, true);
        assertThat(decisions).extracting(RetentionPolicy.Decision::reason)
                .containsExactly("older than 7 days", "within 7 days", "newest backup");
    }

    @Test
    void keepsABackupExactlyAsOldAsTheRetention() {
        // given
        BackupFiles boundary = backupAgo(Duration.ofDays(7));
        BackupFiles newest = backupAgo(Duration.ofDays(1));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(boundary, newest), NOW);
        // then
        assertThat(decisions.get(0).keep()).isTrue();
    }

    @Test
    void keepsTheNewestBackupEvenWhenItIsOlderThanTheRetention() {
        // given
        BackupFiles older = backupAgo(Duration.ofDays(40));
        BackupFiles newest = backupAgo(Duration.ofDays(30));
        // when: any order in
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(newest, older), NOW);
        // then
        assertThat(decisions).extracting(RetentionPolicy.Decision::backup).containsExactly(newest, older);
        assertThat(decisions).extracting(RetentionPolicy.Decision::keep).containsExactly(true, false);
        assertThat(decisions.get(0).reason()).isEqualTo("newest backup");
    }

    @Test
    void zeroDaysKeepsEveryBackup() {
        // given
        List<BackupFiles> backups = List.of(backupAgo(Duration.ofDays(400)), backupAgo(Duration.ofDays(40)),
                backupAgo(Duration.ofDays(1)));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(0).apply(backups, NOW);
        // then
        assertThat(decisions).allMatch(RetentionPolicy.Decision::keep);
        assertThat(decisions).extracting(RetentionPolicy.Decision::reason)
                .containsExactly("retention_days is 0: keep all", "retention_days is 0: keep all", "newest backup");
    }

    @Test
    void decidesNothingForNoBackups() {
        // given
        List<BackupFiles> none = List.of();
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(none, NOW);
        // then
        assertThat(decisions).isEmpty();
    }

    @Test
    void aSingleVeryOldBackupIsKept() {
        // given
        BackupFiles only = backupAgo(Duration.ofDays(1000));
        // when
        List<RetentionPolicy.Decision> decisions = new RetentionPolicy(7).apply(List.of(only), NOW);
        // then
        assertThat(decisions).singleElement().extracting(RetentionPolicy.Decision::keep).isEqualTo(true);
    }

    private static BackupFiles backupAgo(Duration age) {
        return new BackupFiles(FOLDER, "blog", BackupId.of(NOW.minus(age)));
    }
}
