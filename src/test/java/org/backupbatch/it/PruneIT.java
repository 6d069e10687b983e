package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backupbatch.retention.BackupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=prune} through the real jar on a home folder of fake backups (no server needed):
 * a dry run reports and deletes nothing, a real run deletes exactly what it reported, only this
 * site's backups are touched, a site whose lock is held is left alone, and the backup's own last
 * step applies the same rules.
 */
class PruneIT {

    /** Nightly backups Nov 1 .. 10, 2026; keep_daily 2 and keep_weekly 2 keep Nov 10, 9 and 8 (W45 ends on the 8th). */
    private static final String RULES = "backup:\n  destination: backups\n  retention_days: 0\n  keep_daily: 2\n"
            + "  keep_weekly: 2\n";

    @TempDir
    Path tmp;

    @Test
    void aDryRunReportsEachDecisionAndDeletesNothingThenARealRunDeletesWhatItReported() throws Exception {
        // given
        Path home = home("blog", RULES);
        Path folder = nightlyBackups(home, "blog");
        String recentSnapshot = BackupId.of(Instant.now().minus(Duration.ofDays(1))).value();
        fakeBackup(folder, "blog", recentSnapshot, "pre-restore");
        fakeBackup(folder, "blog", "20200101T120000Z", "pre-restore");
        fakeBackup(folder, "blog-staging", "20261101T030000Z", "backup");
        Files.writeString(folder.resolve("notes.txt"), "mine");
        List<String> before = names(folder);
        // when
        Processes.Result dry = Processes.backupBatch(home, Map.of(), "job=prune", "site=blog", "dry-run=yes");
        // then
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(names(folder)).isEqualTo(before);
        assertThat(dry.stdout().lines().toList()).containsExactly(
                "blog " + recentSnapshot + " kept: newest backup, pre-restore snapshot within 7 days",
                "blog 20261110T030000Z kept: newest backup, daily 2026-11-10, weekly 2026-W46",
                "blog 20261109T030000Z kept: daily 2026-11-09",
                "blog 20261108T030000Z kept: weekly 2026-W45",
                "blog 20261107T030000Z would remove: no keep rule holds it",
                "blog 20261106T030000Z would remove: no keep rule holds it",
                "blog 20261105T030000Z would remove: no keep rule holds it",
                "blog 20261104T030000Z would remove: no keep rule holds it",
                "blog 20261103T030000Z would remove: no keep rule holds it",
                "blog 20261102T030000Z would remove: no keep rule holds it",
                "blog 20261101T030000Z would remove: no keep rule holds it",
                "blog 20200101T120000Z would remove: pre-restore snapshot older than 7 days",
                "prune site=blog status=COMPLETED kept=4 removed=8 dry_run=yes");

        // when
        Processes.Result real = Processes.backupBatch(home, Map.of(), "job=prune", "site=blog");
        // then
        assertThat(real.exit()).as(real.toString()).isZero();
        assertThat(real.stdout().lines().toList()).last()
                .isEqualTo("prune site=blog status=COMPLETED kept=4 removed=8 dry_run=no");
        assertThat(real.stdout()).contains("blog 20261107T030000Z removed: no keep rule holds it");
        assertThat(names(folder).stream().filter(n -> n.startsWith("backup-blog-2"))).containsExactlyInAnyOrder(
                files("blog", "20261110T030000Z", "20261109T030000Z", "20261108T030000Z", recentSnapshot));
        assertThat(names(folder)).contains("notes.txt").containsAll(List.of(files("blog-staging", "20261101T030000Z")));
        assertThat(Files.readString(home.resolve("logs/backup-batch.log")))
                .contains("blog: 20261101T030000Z removed: no keep rule holds it");
    }

    @Test
    void siteAllPrunesEverySiteAndEndsWithOneLineForAll() throws Exception {
        // given
        Path home = home("blog", RULES);
        RemoteSite.home(home, "shop", "site:\n  transport: local\nfiles:\n  remote_path: " + tmp + "\n"
                + "backup:\n  destination: backups\n  retention_days: 0\n  keep_last: 1\n");
        nightlyBackups(home, "blog");
        nightlyBackups(home, "shop");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=prune", "site=all");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stdout().lines().filter(l -> l.startsWith("prune ")).toList()).containsExactly(
                "prune site=blog status=COMPLETED kept=3 removed=7 dry_run=no",
                "prune site=shop status=COMPLETED kept=1 removed=9 dry_run=no",
                "prune site=all status=COMPLETED sites=2 kept=4 removed=16 dry_run=no");
        assertThat(names(home.resolve("backups/shop"))).containsExactlyInAnyOrder(files("shop", "20261110T030000Z"));
    }

    @Test
    void aSiteWhoseLockIsHeldIsNotPrunedAndTheRunExitsThree() throws Exception {
        // given: the lock a running backup of the site holds
        Path home = home("blog", RULES);
        Path folder = nightlyBackups(home, "blog");
        List<String> before = names(folder);
        Path lockFile = Files.createDirectories(home.resolve(".backup-batch/locks")).resolve("blog.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            // when
            Processes.Result run = Processes.backupBatch(home, Map.of(), "job=prune", "site=blog");
            // then
            assertThat(run.exit()).as(run.toString()).isEqualTo(3);
            assertThat(run.stdout().lines().toList()).last().asString()
                    .startsWith("prune site=blog status=ALREADY_RUNNING");
            assertThat(names(folder)).isEqualTo(before);
        }
    }

    @Test
    void aBadRuleExitsTwoNamingTheFileAndTheField() throws Exception {
        // given
        Path home = home("blog", RULES.replace("keep_daily: 2", "keep_daily: two"));
        Path folder = nightlyBackups(home, "blog");
        List<String> before = names(folder);
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=prune", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.stdout().lines().toList()).last().asString().startsWith(
                "prune site=blog status=INVALID error=\"jobs/blog.yaml: backup.keep_daily: expected an integer");
        assertThat(names(folder)).isEqualTo(before);
    }

    @Test
    void theBackupsLastStepAppliesTheSameRules() throws Exception {
        // given
        Path home = home("blog", RULES);
        Path folder = nightlyBackups(home, "blog");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then: today's backup (daily, weekly) and Nov 10 (daily, and the newest of the other week)
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(names(folder).stream().filter(n -> n.endsWith(".sha256")).toList()).hasSize(2)
                .contains("backup-blog-20261110T030000Z.sha256")
                .noneMatch(n -> n.startsWith("backup-blog-2026110"));
        assertThat(run.stderr()).contains("blog: 20261109T030000Z removed: no keep rule holds it");
    }

    private Path home(String site, String backup) throws Exception {
        Path files = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(files.resolve("index.php"), "x");
        return RemoteSite.home(tmp.resolve("home"), site, "site:\n  transport: local\nfiles:\n  remote_path: "
                + files + "\n" + backup);
    }

    private static Path nightlyBackups(Path home, String site) throws Exception {
        Path folder = Files.createDirectories(home.resolve("backups").resolve(site));
        for (int day = 1; day <= 10; day++) {
            fakeBackup(folder, site, String.format("202611%02dT030000Z", day), "backup");
        }
        return folder;
    }

    private static void fakeBackup(Path folder, String site, String id, String kind) throws Exception {
        String base = "backup-" + site + "-" + id;
        Files.writeString(folder.resolve(base + ".tar.gz"), "not an archive");
        Files.writeString(folder.resolve(base + ".manifest.json"), "{\"format_version\": 1, \"site\": \"" + site
                + "\", \"id\": \"" + id + "\", \"kind\": \"" + kind + "\"}");
        Files.writeString(folder.resolve(base + ".sha256"), "0".repeat(64) + "  " + base + ".tar.gz\n");
    }

    private static String[] files(String site, String... ids) {
        return Stream.of(ids).flatMap(id -> Stream.of(".tar.gz", ".manifest.json", ".sha256")
                .map(ext -> "backup-" + site + "-" + id + ext)).toArray(String[]::new);
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
