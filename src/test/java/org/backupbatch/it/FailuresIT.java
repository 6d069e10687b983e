package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong configurations and words: the right exit code, a message naming the cause, no archive. */
class FailuresIT {

    @TempDir
    Path tmp;
    private Path site;

    @AfterEach
    void cleanUp() {
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    @Test
    void wrongRemotePathExits2NamingTheFieldAndLeavesNoArchive() throws Exception {
        // given
        Path home = RemoteSite.home(tmp, "blog", "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: /home/nobody/no-such-www\n"
                + "backup:\n  destination: backups\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.summary()).contains("status=FAILED", "step=validate", "files.remote_path",
                "/home/nobody/no-such-www", "resume=");
        assertNoArchive(home, "blog");
    }

    @Test
    void wrongDatabasePasswordExits2AndLeavesNoArchive() throws Exception {
        // given
        site = RemoteSite.create("badpw", "printf x > index.php");
        Path home = RemoteSite.home(tmp, "blog", "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + site + "\n"
                + "database:\n  name: " + TestEnv.get("db.name") + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: not-the-password\n"
                + "backup:\n  destination: backups\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.summary()).contains("status=FAILED", "step=validate", "database login refused",
                TestEnv.dbUser());
        assertThat(run.stdout() + run.stderr()).doesNotContain("not-the-password");
        assertNoArchive(home, "blog");
    }

    @Test
    void unknownHostKeyIsRefusedWithAMessageSayingWhatToDo() throws Exception {
        // given: an empty known_hosts
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "");
        Path home = RemoteSite.home(tmp, "blog", "site:\n  app_type: custom\n"
                + TestEnv.sshYaml().replace(TestEnv.get("ssh.known_hosts"), knownHosts.toString())
                + "files:\n  remote_path: /tmp\n"
                + "backup:\n  destination: backups\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.summary()).contains("status=FAILED", "step=validate", "host key of [127.0.0.1]:2222 is unknown",
                knownHosts + " holds no key for it", "SHA256:", "ssh-keyscan -p 2222");
        assertNoArchive(home, "blog");
    }

    @Test
    void unknownSiteExits2ListingTheSites() throws Exception {
        // given
        Path home = RemoteSite.home(tmp, "blog", "site:\n  transport: local\nfiles:\n  remote_path: /tmp\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blgo");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.summary()).contains("status=INVALID", "unknown site 'blgo'", "blog");
        assertThat(Files.exists(home.resolve("backups"))).isFalse();
    }

    @Test
    void malformedYamlExits2NamingTheFile() throws Exception {
        // given
        Path home = RemoteSite.home(tmp, "bad", "site:\n  app_type: custom\nfiles:\n  remote_path: [unclosed\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=bad");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.summary()).contains("status=INVALID", "jobs/bad.yaml");
    }

    @Test
    void unknownKeyExits2NamingTheFieldPath() throws Exception {
        // given
        Path home = RemoteSite.home(tmp, "typo", "site:\n  transport: local\nfiles:\n  remote_path: /tmp\n"
                + "  exclude_patern:\n    - \"*.log\"\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=typo");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.summary()).contains("jobs/typo.yaml", "files.exclude_patern", "unknown key",
                "exclude_patterns");
    }

    @Test
    void badWordsExit2ListingTheValidChoices() throws Exception {
        // when
        Processes.Result badJob = Processes.backupBatch(tmp, Map.of(), "job=bakup", "site=blog");
        Processes.Result noSite = Processes.backupBatch(tmp, Map.of(), "job=backup");
        Processes.Result notAWord = Processes.backupBatch(tmp, Map.of(), "backup");
        // then
        assertThat(badJob.exit()).isEqualTo(2);
        assertThat(badJob.summary()).contains("status=INVALID", "job=bakup is not a job", "available: backup");
        assertThat(noSite.exit()).isEqualTo(2);
        assertThat(noSite.summary()).contains("site= is missing");
        assertThat(notAWord.exit()).isEqualTo(2);
        assertThat(notAWord.stderr()).contains("usage: java -jar backup-batch.jar job=");
    }

    private static void assertNoArchive(Path home, String site) throws Exception {
        Path folder = home.resolve("backups").resolve(site);
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".tar.gz") || p.endsWith(".sha256"));
            }
        }
    }
}
