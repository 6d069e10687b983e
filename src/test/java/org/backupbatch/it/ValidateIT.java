package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=validate} against the real sshd and MariaDB: one line per check, the exit code, the
 * summary, and nothing written — not in the home folder (no repository, no log), not in the
 * destination, not in known_hosts, not on the host.
 */
class ValidateIT {

    private static final String KNOWN_HOSTS = TestEnv.get("ssh.known_hosts");
    private static final String HOST = "[" + TestEnv.get("ssh.host") + "]:" + TestEnv.get("ssh.port");

    @TempDir
    Path tmp;
    private Path site;
    private Path mount;

    @AfterEach
    void cleanUp() {
        if (site != null) {
            RemoteSite.delete(site);
        }
        if (mount != null) {
            Processes.run(List.of("umount", mount.toString()), null, Map.of(), null);
        }
    }

    @Test
    void testSitePassesEveryCheckWithEstimatesAndWritesNothingAnywhere() throws Exception {
        // given: the shared WordPress test site, its database read from wp-config.php
        String www = TestEnv.get("site.path");
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  app_type: wordpress\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + www + "\nbackup:\n  destination: backups\n");
        SortedMap<String, String> homeBefore = TreeSnapshot.of(home);
        SortedMap<String, String> siteBefore = TreeSnapshot.of(Path.of(www));
        String knownHostsBefore = Files.readString(Path.of(KNOWN_HOSTS));
        Path marker = Files.createTempFile("validate-it", ".marker");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=validate", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> checks = checkLines(run);
        assertThat(checks).allMatch(l -> l.startsWith("ok "), "every check ok");
        assertThat(checks).extracting(l -> l.substring(3, l.indexOf(':'))).containsExactly("destination", "host key",
                "ssh login", "remote path", "tools", "compression", "mode", "database settings", "database login",
                "files estimate", "database estimate", "free space");
        assertThat(checks).anyMatch(l -> l.matches("ok compression: (gzip|pigz) -6 \\(backup.compression: auto\\)"));
        assertThat(checks).anyMatch(l -> l.startsWith("ok mode: full: no complete backup of blog before this one "
                + "(backup.mode: auto, full_every_days: 7, content_check_every_days: 7)"));
        assertThat(checks).anyMatch(l -> l.startsWith("ok database settings: " + TestEnv.dbUser() + "@localhost:3306/"
                + TestEnv.get("db.name") + ", tables: prefix wp_"));
        assertThat(run.summary()).matches("validate site=blog status=COMPLETED checks=12 warnings=0 errors=0 "
                + "files_estimate=\\S+B db_estimate=\\S+B free=\\S+B duration=\\d+\\.\\d\\ds");
        assertThat(run.stdout() + run.stderr()).doesNotContain(TestEnv.dbPassword());
        assertThat(TreeSnapshot.of(home)).isEqualTo(homeBefore);
        assertThat(home.resolve(".backup-batch")).doesNotExist();
        assertThat(home.resolve("logs")).doesNotExist();
        assertThat(TreeSnapshot.of(Path.of(www))).isEqualTo(siteBefore);
        assertThat(Files.readString(Path.of(KNOWN_HOSTS))).isEqualTo(knownHostsBefore);
        // the option file went through a pipe: no file of the SSH user appeared in a temporary folder
        // (find's complaints about other tests' folders vanishing meanwhile are not this test's business)
        assertThat(Processes.run(List.of("find", "/tmp", "/var/tmp", "/dev/shm", "-user", TestEnv.sshUser(), "-newer",
                marker.toString()), null, Map.of(), null).stdout()).isEmpty();
        Files.delete(marker);
    }

    @Test
    void wrongDatabasePasswordFailsTheLoginCheckNamingTheFieldsToFix() throws Exception {
        // given
        site = RemoteSite.create("validate-db", "printf x > index.php");
        Path home = RemoteSite.home(tmp.resolve("home"), "shop", siteYaml("custom", site.toString())
                + "database:\n  host: localhost\n  name: " + TestEnv.get("db.name") + "\n  user: " + TestEnv.dbUser()
                + "\n  password: ${BB_IT_DB_PASSWORD}\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of("BB_IT_DB_PASSWORD", "not-the-Password-42"),
                "job=validate", "site=shop");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(checkLines(run)).anyMatch(l -> l.startsWith("error database login: database login refused for user '"
                + TestEnv.dbUser() + "' on localhost:3306") && l.endsWith("; fix: check database.user and "
                + "database.password in jobs/shop.yaml"));
        assertThat(checkLines(run)).anyMatch(l -> l.startsWith("ok files estimate: 1 files, 1B"));
        assertThat(run.summary()).startsWith("validate site=shop status=FAILED checks=").contains(" errors=1 ",
                " files_estimate=1B db_estimate=- ");
        assertThat(run.stdout() + run.stderr()).doesNotContain("not-the-Password-42");
    }

    @Test
    void unknownHostKeyFailsUnderStrictAndWarnsUnderAcceptNewWithoutRecordingIt() throws Exception {
        // given: a known_hosts that names another host only
        site = RemoteSite.create("validate-hostkey", "printf x > index.php");
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, "ssh.example.net " + Files.readAllLines(Path.of(KNOWN_HOSTS)).get(0).split(" ", 2)[1]
                + "\n");
        String before = Files.readString(knownHosts);
        String yaml = siteYaml("custom", site.toString()).replace(KNOWN_HOSTS, knownHosts.toString());
        Path strictHome = RemoteSite.home(tmp.resolve("strict"), "a", yaml);
        Path acceptHome = RemoteSite.home(tmp.resolve("accept"), "a", yaml.replace("  known_hosts:",
                "  host_key_policy: accept-new\n  known_hosts:"));
        // when
        Processes.Result strict = Processes.backupBatch(strictHome, Map.of(), "job=validate", "site=a");
        Processes.Result accept = Processes.backupBatch(acceptHome, Map.of(), "job=validate", "site=a");
        // then
        assertThat(strict.exit()).as(strict.toString()).isEqualTo(1);
        assertThat(checkLines(strict)).anyMatch(l -> l.startsWith("error host key: host key of " + HOST + " is unknown: "
                + knownHosts + " holds no key for it; the server offers ssh-ed25519 SHA256:") && l.contains("; fix: "))
                .noneMatch(l -> l.contains(" ssh login: ") || l.contains(" remote path: "));
        assertThat(accept.exit()).as(accept.toString()).isZero();
        assertThat(checkLines(accept)).anyMatch(l -> l.startsWith("warning host key: ssh-ed25519 SHA256:")
                && l.contains(" is not in " + knownHosts + "; ssh.host_key_policy accept-new will record it"));
        assertThat(accept.summary()).contains(" status=COMPLETED ", " warnings=1 errors=0 ");
        assertThat(Files.readString(knownHosts)).isEqualTo(before);
    }

    @Test
    void missingRemotePathFailsItsCheckAndTheFilesEstimateIsSkipped() throws Exception {
        // given
        Path home = RemoteSite.home(tmp.resolve("home"), "gone", siteYaml("custom",
                TestEnv.sshHome().resolve("it/validate-no-such-folder").toString()));
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=validate", "site=gone");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(checkLines(run)).anyMatch(l -> l.startsWith("error remote path: files.remote_path: ")
                && l.contains("validate-no-such-folder is not a readable folder on " + TestEnv.sshUser() + "@")
                && l.contains("; fix: set files.remote_path in jobs/gone.yaml"))
                .noneMatch(l -> l.contains(" files estimate: "));
        assertThat(run.summary()).contains(" status=FAILED ", " errors=1 ", " files_estimate=- ");
    }

    @Test
    void destinationTooSmallForTheEstimateFailsAndATightOneWarns() throws Exception {
        // given: a 1 MB file system for the archives, and sites of 1.5 MB and 0.6 MB
        mount = Files.createDirectories(tmp.resolve("small"));
        Processes.check(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()), null);
        site = RemoteSite.create("validate-space", "mkdir big tight && head -c 1500000 /dev/urandom > big/a.bin "
                + "&& head -c 600000 /dev/urandom > tight/a.bin");
        Path home = tmp.resolve("home");
        RemoteSite.home(home, "big", siteYaml("custom", site.resolve("big").toString()).replace("destination: backups",
                "destination: " + mount));
        RemoteSite.home(home, "tight", siteYaml("custom", site.resolve("tight").toString())
                .replace("destination: backups", "destination: " + mount));
        // when
        Processes.Result big = Processes.backupBatch(home, Map.of(), "job=validate", "site=big");
        Processes.Result tight = Processes.backupBatch(home, Map.of(), "job=validate", "site=tight");
        // then
        assertThat(big.exit()).as(big.toString()).isEqualTo(1);
        assertThat(checkLines(big)).anyMatch(l -> l.startsWith("error free space: 1.0MB free in " + mount
                + ", a backup reads up to 1.4MB (before compression); fix: free space on the disk of " + mount));
        assertThat(big.summary()).contains(" status=FAILED ", " files_estimate=1.4MB ", " free=1.0MB ");
        assertThat(tight.exit()).as(tight.toString()).isZero();
        assertThat(checkLines(tight)).anyMatch(l -> l.startsWith("warning free space: 1.0MB free in " + mount
                + ", under 2 x the estimate of 586KB"));
        try (var entries = Files.list(mount)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void siteFileWithAnUnknownKeyExitsTwoNamingTheFileAndTheKey() throws Exception {
        // given: a typo in exclude_patterns
        Path home = RemoteSite.home(tmp.resolve("home"), "typo", siteYaml("custom", "/nowhere")
                .replace("files:\n", "files:\n  exclude_pattern: [\"*.log\"]\n"));
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=validate", "site=typo");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(checkLines(run)).singleElement().asString().startsWith("error configuration: ")
                .contains("jobs/typo.yaml", "exclude_pattern");
        assertThat(run.summary()).startsWith("validate site=typo status=INVALID error=");
        assertThat(home.resolve(".backup-batch")).doesNotExist();
    }

    private static String siteYaml(String appType, String remotePath) {
        return "site:\n  app_type: " + appType + "\n" + TestEnv.sshYaml() + "files:\n  remote_path: " + remotePath
                + "\nbackup:\n  destination: backups\n";
    }

    /** The lines before the summary. */
    private static List<String> checkLines(Processes.Result run) {
        List<String> lines = run.stdout().strip().lines().toList();
        return lines.subList(0, lines.size() - 1);
    }
}
