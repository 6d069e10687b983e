package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tool leaves on the backup host, as a new user with the common {@code umask 022} gets
 * it: folders 0700 and files 0600 (read by the real {@code stat}); a destination that others can
 * read is reported with its fix; and a backup published just before the process died is not
 * published again by the resumed run.
 */
class FilesAtRestIT {

    private static final String UMASK = "022";

    @TempDir
    Path tmp;

    @Test
    void underUmask022TheDestinationArchivesLogsAndRepositoryAreOwnerOnly() throws Exception {
        // given: the test WordPress site (files and database) over SSH
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  app_type: wordpress\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + TestEnv.get("site.path") + "\n"
                + "backup:\n  destination: backups\n");
        // when
        Processes.Result run = Processes.backupBatchUnderUmask(UMASK, home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "blog");
        String base = archive.getFileName().toString().replace(".tar.gz", "");
        assertModes("700", home.resolve("backups"), home.resolve("backups/blog"), home.resolve("logs"),
                home.resolve(".backup-batch"), home.resolve(".backup-batch/sites"),
                home.resolve(".backup-batch/sites/blog"), home.resolve(".backup-batch/locks"));
        assertModes("600", archive, archive.resolveSibling(base + ".manifest.json"),
                archive.resolveSibling(base + ".sha256"), home.resolve("logs/backup-batch.log"),
                home.resolve(".backup-batch/locks/blog.lock"));
        assertThat(run.stderr()).doesNotContain("chmod 700");
    }

    @Test
    void aFailedRunKeepsItsWorkFolderAndWorkFilesOwnerOnly() throws Exception {
        // given: a table prefix that no table has, so the dump fails after the files arrived
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  app_type: wordpress\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + TestEnv.get("site.path") + "\n"
                + "database:\n  table_prefix: zz_none_\n"
                + "backup:\n  destination: backups\n  retries: 0\n");
        // when
        Processes.Result run = Processes.backupBatchUnderUmask(UMASK, home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.summary()).contains("status=FAILED", "step=dumpDatabase");
        Path works = home.resolve("backups/blog/.work");
        List<Path> workFolders;
        try (Stream<Path> entries = Files.list(works)) {
            workFolders = entries.toList();
        }
        assertThat(workFolders).hasSize(1);
        assertModes("700", home.resolve("backups/blog"), works, workFolders.get(0));
        List<Path> workFiles;
        try (Stream<Path> entries = Files.walk(workFolders.get(0))) {
            workFiles = entries.filter(Files::isRegularFile).toList();
        }
        assertThat(workFiles).as("the files part that arrived").extracting(p -> p.getFileName().toString())
                .contains("files.tar.gz");
        assertModes("600", workFiles.toArray(Path[]::new));
    }

    @Test
    void aDestinationThatOthersCanReadGetsOneWarningNamingTheFix() throws Exception {
        // given: a destination made by hand (or an earlier version) under umask 022
        Path home = localSite();
        Path destination = Files.createDirectories(home.resolve("backups/demo"));
        Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString("rwxr-xr-x"));
        // when
        Processes.Result run = Processes.backupBatchUnderUmask(UMASK, home, Map.of(), "job=backup", "site=demo");
        // then: the run goes on; the folder is the user's to change
        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> warnings = run.stderr().lines().filter(l -> l.contains("chmod 700")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("WARN", "readable by other users",
                "chmod 700 " + destination.toAbsolutePath());
        assertModes("755", destination);
        assertModes("600", RemoteSite.onlyArchive(home.resolve("backups"), "demo"));
    }

    @Test
    void aRunKilledAfterPublishingCompletesWithoutPublishingAgain() throws Exception {
        // given: a completed backup, then its repository rewritten as if the process had died in
        // the verify step after the .sha256 was renamed into place (the work folder is gone)
        Path home = localSite();
        Processes.Result first = Processes.backupBatch(home, Map.of(), "job=backup", "site=demo");
        assertThat(first.exit()).as(first.toString()).isZero();
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "demo");
        String base = archive.getFileName().toString().replace(".tar.gz", "");
        List<Path> published = List.of(archive, archive.resolveSibling(base + ".manifest.json"),
                archive.resolveSibling(base + ".sha256"));
        String before = stat("%i %.9Y %.9Z", published);
        RunRecords repo = RunRecords.hsqldb(home, "demo");
        repo.killedDuring("verifyChecksum");
        // when
        Processes.Result second = Processes.backupBatch(home, Map.of(), "job=backup", "site=demo");
        // then: the same backup completes; its files are the very same (inode, mtime, ctime)
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.stderr()).contains("recovering", "not published again");
        assertThat(second.summary()).contains(" status=COMPLETED ", " archive=");
        assertThat(token(second.summary(), "id")).isEqualTo(token(first.summary(), "id"));
        assertThat(stat("%i %.9Y %.9Z", published)).isEqualTo(before);
        assertThat(repo.stepCounts()).containsEntry("verifyChecksum", 2).containsEntry("assembleArchive", 1)
                .containsEntry("streamFiles", 1).containsEntry("pruneRetention", 1);
        assertThat(repo.jobStatuses()).containsExactly("FAILED", "COMPLETED");
        Processes.check(List.of("sha256sum", "-c", base + ".sha256"), archive.getParent());
    }

    @Test
    void aPublishedBackupThatNoLongerChecksOutIsWithdrawnAndMadeAgain() throws Exception {
        // given: as above, and the published archive damaged since
        Path home = localSite();
        Processes.Result first = Processes.backupBatch(home, Map.of(), "job=backup", "site=demo");
        assertThat(first.exit()).as(first.toString()).isZero();
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "demo");
        Files.write(archive, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        RunRecords repo = RunRecords.hsqldb(home, "demo");
        repo.killedDuring("verifyChecksum");
        // when
        Processes.Result second = Processes.backupBatch(home, Map.of(), "job=backup", "site=demo");
        // then: made again under the same id, and whole
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.stderr()).contains("does not check out", "withdrawn");
        assertThat(token(second.summary(), "id")).isEqualTo(token(first.summary(), "id"));
        assertThat(repo.stepCounts()).containsEntry("streamFiles", 2).containsEntry("assembleArchive", 2);
        String base = archive.getFileName().toString().replace(".tar.gz", "");
        Processes.check(List.of("sha256sum", "-c", base + ".sha256"), archive.getParent());
    }

    @Test
    void aFailedRestoreKeepsItsWorkRecordAndPinnedBackupOwnerOnly() throws Exception {
        // given: a files-only backup, and a target folder the SSH user may not write in
        Path source = RemoteSite.create("atrest-src", "printf 'x' > index.php");
        Path target = RemoteSite.create("atrest-dst", "true");
        Path home = tmp.resolve("home");
        try {
            Processes.check(List.of("chown", "root:root", target.toString()), null);
            Processes.check(List.of("chmod", "755", target.toString()), null);
            RestoreFixtures.addSite(home, "src", RestoreFixtures.filesOnlyYaml(source, "[]"));
            RestoreFixtures.addSite(home, "dst", RestoreFixtures.filesOnlyYaml(target, "[]"));
            String id = RestoreFixtures.backup(home, "src");
            // when
            Processes.Result run = Processes.backupBatchUnderUmask(UMASK, home, Map.of(), "job=restore", "site=src",
                    "backup=" + id, "target=dst");
            // then: the restore's work folder stays, with the backup hard-linked in it: one inode, 0600
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.summary()).contains("step=restoreFiles");
            Path works = home.resolve("backups/dst/.work");
            Path work;
            try (Stream<Path> entries = Files.list(works)) {
                work = entries.filter(p -> p.getFileName().toString().startsWith("restore-2")).findFirst().orElseThrow();
            }
            assertModes("700", home.resolve("backups/dst"), works, work, works.resolve("restore-target"));
            assertModes("600", works.resolve("restore-target/identity.json"));
            Path archive = RestoreFixtures.archive(home, "src", id);
            Path pinned = work.resolve(archive.getFileName());
            assertThat(stat("%i %h %a", List.of(pinned))).isEqualTo(stat("%i %h %a", List.of(archive)))
                    .endsWith(" 2 600\n");
            try (Stream<Path> files = Files.walk(work)) {
                assertModes("600", files.filter(Files::isRegularFile).toArray(Path[]::new));
            }
        } finally {
            RemoteSite.delete(source);
            RemoteSite.delete(target);
        }
    }

    /** A site on the local transport: files only, a few milliseconds to back up. */
    private Path localSite() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.php"), "<?php echo 'demo';\n");
        return RemoteSite.home(tmp.resolve("home"), "demo", "site:\n  transport: local\n"
                + "files:\n  remote_path: " + site + "\n"
                + "database:\n  enabled: false\n"
                + "backup:\n  destination: backups\n");
    }

    /** Asserts the octal mode that the real {@code stat} reports for each path. */
    private static void assertModes(String mode, Path... paths) {
        for (Path path : paths) {
            assertThat(stat("%a", List.of(path)).strip()).as("mode of " + path).isEqualTo(mode);
        }
    }

    private static String stat(String format, List<Path> paths) {
        List<String> command = new java.util.ArrayList<>(List.of("stat", "-c", format));
        paths.forEach(p -> command.add(p.toString()));
        return Processes.check(command, null);
    }

    private static String token(String summary, String key) {
        return java.util.Arrays.stream(summary.split(" ")).filter(t -> t.startsWith(key + "=")).findFirst()
                .map(t -> t.substring(key.length() + 1)).orElse(null);
    }
}
