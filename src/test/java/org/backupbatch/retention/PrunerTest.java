package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pruner on a real folder of fake backups: what the policy removes goes, file by file; what
 * it must never delete stays whatever the policy says.
 */
class PrunerTest {

    private static final Instant NOW = Instant.parse("2026-12-31T12:00:00Z");
    /** Keeps the newest backup only (one day, one daily): everything older is due to go. */
    private static final RetentionPolicy ONLY_NEWEST = new RetentionPolicy(0, new KeepRules(1, 0, 0, 0, 0, 0), 7);

    @TempDir
    Path tmp;

    private final List<Pruner.Line> lines = new ArrayList<>();

    @Test
    void removesEveryFileOfABackupThePolicyDropsAndReportsWhy() throws IOException {
        // given
        Path folder = tmp.resolve("blog");
        backup(folder, "blog", "20261201T030000Z", "backup");
        backup(folder, "blog", "20261230T030000Z", "backup");
        // when
        Pruner.Outcome outcome = prune(folder, false);
        // then
        assertThat(outcome).isEqualTo(new Pruner.Outcome(1, 1, 0));
        assertThat(names(folder)).containsExactly("backup-blog-20261230T030000Z.manifest.json",
                "backup-blog-20261230T030000Z.sha256", "backup-blog-20261230T030000Z.tar.gz");
        assertThat(lines).extracting(l -> l.describe(false)).containsExactly(
                "20261230T030000Z kept: newest backup, last 1", "20261201T030000Z removed: no keep rule holds it");
    }

    @Test
    void aDryRunDecidesTheSameAndDeletesNothing() throws IOException {
        // given
        Path folder = tmp.resolve("blog");
        backup(folder, "blog", "20261201T030000Z", "backup");
        backup(folder, "blog", "20261230T030000Z", "backup");
        work(folder, "20261101T030000Z");
        List<String> before = names(folder);
        // when
        Pruner.Outcome outcome = prune(folder, true);
        // then
        assertThat(outcome).isEqualTo(new Pruner.Outcome(1, 1, 1));
        assertThat(names(folder)).isEqualTo(before);
        assertThat(Files.isDirectory(folder.resolve(".work/20261101T030000Z"))).isTrue();
        assertThat(lines.get(1).describe(true)).isEqualTo("20261201T030000Z would remove: no keep rule holds it");
    }

    @Test
    void keepsABackupARestorePinnedByAPinFile() throws IOException {
        // given
        Path folder = tmp.resolve("blog");
        BackupFiles pinned = backup(folder, "blog", "20261201T030000Z", "backup");
        backup(folder, "blog", "20261230T030000Z", "backup");
        Files.createDirectories(folder.resolve(".pins"));
        Files.createFile(pinned.pinFile("staging-20261231T100000Z"));
        // when
        Pruner.Outcome outcome = prune(folder, false);
        // then
        assertThat(outcome.removed()).isZero();
        assertThat(Files.exists(pinned.checksum())).isTrue();
        assertThat(lines.get(1).describe(false)).isEqualTo("20261201T030000Z kept: a restore or drill holds it (pin "
                + "file in .pins/); the policy alone would remove it (no keep rule holds it)");
    }

    @Test
    void keepsABackupARestoreHoldsByHardLinksInItsWorkFolder() throws IOException {
        // given: as restore/SourcePin links a source into <dest>/<target>/.work/restore-<run>
        Path folder = tmp.resolve("blog");
        BackupFiles held = backup(folder, "blog", "20261201T030000Z", "backup");
        backup(folder, "blog", "20261230T030000Z", "backup");
        Path restoreWork = Files.createDirectories(tmp.resolve("staging/.work/restore-20261231T100000Z"));
        Files.createLink(restoreWork.resolve(held.archive().getFileName()), held.archive());
        // when
        prune(folder, false);
        // then
        assertThat(Files.exists(held.archive())).isTrue();
        assertThat(Files.exists(held.checksum())).isTrue();
        assertThat(lines.get(1).reason()).startsWith("a restore or drill holds it (backup-blog-20261201T030000Z.tar.gz "
                + "has 2 hard links)");
    }

    @Test
    void leavesAloneWhatIsNotOneOfThisSitesCompleteBackups() throws IOException {
        // given: another site's backup in the folder, one whose manifest names another site, one
        // whose manifest is not JSON, an incomplete one, and a user's notes
        Path folder = tmp.resolve("blog");
        backup(folder, "blog-staging", "20261101T030000Z", "backup");
        BackupFiles copied = backup(folder, "blog", "20261102T030000Z", "backup");
        Files.writeString(copied.manifest(), "{\"site\": \"shop\", \"kind\": \"backup\"}");
        BackupFiles garbled = backup(folder, "blog", "20261103T030000Z", "backup");
        Files.writeString(garbled.manifest(), "not json");
        BackupFiles incomplete = backup(folder, "blog", "20261104T030000Z", "backup");
        Files.delete(incomplete.checksum());
        Files.writeString(folder.resolve("notes.txt"), "mine");
        backup(folder, "blog", "20261230T030000Z", "backup");
        List<String> before = names(folder);
        // when
        Pruner.Outcome outcome = prune(folder, false);
        // then
        assertThat(names(folder)).isEqualTo(before);
        assertThat(outcome.removed()).isZero();
        assertThat(lines).extracting(l -> l.describe(false)).contains(
                "20261102T030000Z kept: not pruned: its manifest names site shop",
                "20261103T030000Z kept: not pruned: its manifest cannot be read (JsonParseException)");
    }

    @Test
    void snapshotsGoAfterTheirOwnDaysWithoutCountingAmongTheBackups() throws IOException {
        // given: keep_last 1 would leave only the newest if snapshots counted
        Path folder = tmp.resolve("blog");
        backup(folder, "blog", "20261230T030000Z", "backup");
        backup(folder, "blog", "20261229T150000Z", "pre-restore");
        backup(folder, "blog", "20261201T150000Z", "pre-restore");
        // when
        prune(folder, false);
        // then
        assertThat(names(folder)).filteredOn(n -> n.endsWith(".sha256"))
                .containsExactly("backup-blog-20261229T150000Z.sha256", "backup-blog-20261230T030000Z.sha256");
        assertThat(lines).extracting(l -> l.describe(false)).containsExactly(
                "20261230T030000Z kept: newest backup, last 1",
                "20261229T150000Z kept: pre-restore snapshot within 7 days",
                "20261201T150000Z removed: pre-restore snapshot older than 7 days");
    }

    @Test
    void unfinishedWorkGoesOnlyWhenANewerBackupSupersededIt() throws IOException {
        // given: work of a backup older than the newest complete one, work of a newer one (a failed
        // run the next job=backup resumes), and a restore's work (never the pruner's)
        Path folder = tmp.resolve("blog");
        backup(folder, "blog", "20261230T030000Z", "backup");
        work(folder, "20261229T030000Z");
        work(folder, "20261231T030000Z");
        Path restore = Files.createDirectories(folder.resolve(".work/restore-20261231T100000Z"));
        // when
        Pruner.Outcome outcome = prune(folder, false);
        // then
        assertThat(outcome.workRemoved()).isEqualTo(1);
        assertThat(Files.exists(folder.resolve(".work/20261229T030000Z"))).isFalse();
        assertThat(Files.exists(folder.resolve(".work/20261231T030000Z/files.tar.gz.part"))).isTrue();
        assertThat(Files.isDirectory(restore)).isTrue();
        assertThat(lines).extracting(l -> l.describe(false)).contains(
                ".work/20261231T030000Z kept: unfinished backup: the next job=backup resumes it",
                ".work/20261229T030000Z removed: unfinished backup older than the newest complete one");
    }

    @Test
    void unfinishedWorkStaysWhileTheSiteHasNoCompleteBackup() throws IOException {
        // given
        Path folder = tmp.resolve("blog");
        work(folder, "20261229T030000Z");
        // when
        Pruner.Outcome outcome = prune(folder, false);
        // then
        assertThat(outcome).isEqualTo(new Pruner.Outcome(0, 0, 0));
        assertThat(Files.exists(folder.resolve(".work/20261229T030000Z/files.tar.gz.part"))).isTrue();
    }

    @Test
    void aMissingFolderIsNothingToPrune() throws IOException {
        assertThat(prune(tmp.resolve("none"), false)).isEqualTo(new Pruner.Outcome(0, 0, 0));
        assertThat(lines).isEmpty();
    }

    private Pruner.Outcome prune(Path folder, boolean dryRun) throws IOException {
        return new Pruner(folder, "blog", dryRun, lines::add).prune(ONLY_NEWEST, NOW);
    }

    /** A complete fake backup: archive, manifest (site, id, kind) and .sha256, as the tool names them. */
    static BackupFiles backup(Path folder, String site, String id, String kind) throws IOException {
        BackupFiles b = new BackupFiles(folder, site, BackupId.parse(id).orElseThrow());
        Files.createDirectories(folder);
        Files.writeString(b.plainArchive(), "archive of " + id);
        Files.writeString(b.manifest(), "{\"format_version\": 1, \"site\": \"" + site + "\", \"id\": \"" + id
                + "\", \"kind\": \"" + kind + "\"}");
        Files.writeString(b.checksum(), "0".repeat(64) + "  " + b.plainArchive().getFileName() + "\n");
        return b;
    }

    private static void work(Path folder, String id) throws IOException {
        Path work = Files.createDirectories(folder.resolve(".work").resolve(id));
        Files.writeString(work.resolve("files.tar.gz.part"), "partial");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
