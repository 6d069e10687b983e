package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prune step, through the real jar on a local-transport site: complete backups older than
 * retention_days go, the rest stays, and nothing that is not one of this site's backups is touched.
 */
class RetentionIT {

    @TempDir
    Path tmp;

    @Test
    void pruneRemovesOnlyThisSitesCompleteBackupsOlderThanRetentionDays() throws Exception {
        // given
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.php"), "x");
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  transport: local\n"
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n  retention_days: 30\n");
        Path folder = Files.createDirectories(home.resolve("backups/blog"));
        fakeBackup(folder, "blog", "20200101T000000Z", true);
        fakeBackup(folder, "blog", "20200201T000000Z", false);
        fakeBackup(folder, "blog-staging", "20200101T000000Z", true);
        Files.writeString(folder.resolve("notes.txt"), "mine");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .noneMatch(n -> n.startsWith("backup-blog-20200101T000000Z"))
                    .contains("backup-blog-20200201T000000Z.tar.gz", "backup-blog-20200201T000000Z.manifest.json",
                            "backup-blog-staging-20200101T000000Z.tar.gz", "backup-blog-staging-20200101T000000Z.sha256",
                            "notes.txt")
                    .anyMatch(n -> n.matches("backup-blog-\\d{8}T\\d{6}Z\\.sha256") && !n.startsWith("backup-blog-2020"));
        }
    }

    @Test
    void theNewestBackupIsKeptHoweverOld() throws Exception {
        // given: retention of 1 day, and the run's own backup is the newest one
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.php"), "x");
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  transport: local\n"
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n  retention_days: 1\n");
        Path folder = Files.createDirectories(home.resolve("backups/blog"));
        fakeBackup(folder, "blog", "20200101T000000Z", true);
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then: the old one goes, the new one stays
        assertThat(run.exit()).as(run.toString()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("backup-blog-2020")).hasSize(3);
        }
    }

    private static void fakeBackup(Path folder, String site, String id, boolean complete) throws Exception {
        String base = "backup-" + site + "-" + id;
        Files.writeString(folder.resolve(base + ".tar.gz"), "old");
        Files.writeString(folder.resolve(base + ".manifest.json"), "{}");
        if (complete) {
            Files.writeString(folder.resolve(base + ".sha256"), "x  " + base + ".tar.gz\n");
        }
    }
}
