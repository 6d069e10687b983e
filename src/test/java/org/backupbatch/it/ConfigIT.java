package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's {@code job=config} on the test site's configuration, {@code action=init}, and
 * {@code --version}: no lock, no repository, no log, no secret shown, and no Spring context.
 */
class ConfigIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void configShowsTheTestSiteByLayerWithThePasswordHiddenAndWritesNothing() throws Exception {
        // given: the test WordPress site, its database password from the environment
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  app_type: wordpress\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + TestEnv.get("site.path") + "\n"
                + "database:\n  password: ${BB_IT_DB_PASSWORD}\n");
        String password = TestEnv.dbPassword();

        // when
        Processes.Result run = jar(home, Map.of("BB_IT_DB_PASSWORD", password), "job=config", "site=blog");

        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^ssh\\.port +" + TestEnv.get("ssh.port") + " +site file$")
                .containsPattern("(?m)^database\\.port +3306 +provider shared-hosting$")
                .containsPattern("(?m)^files\\.exclude_patterns +\\(\\d+ items\\) +app template wordpress$")
                .containsPattern("(?m)^database\\.password +<hidden> +environment \\$\\{BB_IT_DB_PASSWORD} via site file$");
        assertThat(run.summary()).isEqualTo("config site=blog status=COMPLETED");
        assertThat(run.stdout() + run.stderr()).doesNotContain(password).doesNotContain("Started Main");
        assertThat(filesUnder(home)).containsExactly(home.resolve("jobs/blog.yaml"));
    }

    @Test
    void initWritesASiteFileThatConfigThenShows() throws Exception {
        // given
        Path home = Files.createDirectories(tmp.resolve("home"));

        // when
        Processes.Result init = jar(home, Map.of(), "job=config", "action=init", "site=shop", "app_type=wordpress",
                "host=" + TestEnv.get("ssh.host"), "port=" + TestEnv.get("ssh.port"), "user=" + TestEnv.sshUser(),
                "remote_path=" + TestEnv.get("site.path"), "private_key_path=" + TestEnv.get("ssh.private_key"),
                "known_hosts=" + TestEnv.get("ssh.known_hosts"));
        Processes.Result again = jar(home, Map.of(), "job=config", "action=init", "site=shop", "host=h", "user=u",
                "remote_path=/p");
        Processes.Result show = jar(home, Map.of(), "job=config", "site=shop");

        // then
        assertThat(init.exit()).as(init.toString()).isZero();
        assertThat(init.stdout()).contains("next: java -jar backup-batch.jar job=validate site=shop\n");
        assertThat(init.summary()).startsWith("config action=init site=shop status=COMPLETED file=");
        assertThat(again.exit()).as(again.toString()).isEqualTo(2);
        assertThat(again.stderr()).contains("jobs/shop.yaml already exists");
        assertThat(show.exit()).as(show.toString()).isZero();
        assertThat(show.stdout()).containsPattern("(?m)^site\\.app_type +wordpress +site file$");
        assertThat(filesUnder(home)).containsExactly(home.resolve("jobs/shop.yaml"));
    }

    @Test
    void versionNamesTheToolSpringBatchAndJavaWithoutAHomeFolder() throws Exception {
        // given: a home folder that does not exist
        Map<String, String> env = Map.of("BACKUP_BATCH_HOME", tmp.resolve("missing").toString());

        // when
        Processes.Result run = jar(tmp, env, "--version");

        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        String version = System.getProperty("backup-batch.version", "0.1.0-SNAPSHOT");
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("backup-batch " + version);
        assertThat(lines.get(1)).matches("Spring Batch 6\\.\\d+\\.\\d+, Spring Boot 4\\.\\d+\\.\\d+");
        assertThat(lines.get(2)).startsWith("Java ");
        assertThat(run.summary()).startsWith("version backup-batch=" + version + " spring-batch=6.").endsWith(
                " status=COMPLETED");
        assertThat(run.stderr()).isEmpty();
    }

    private static Processes.Result jar(Path home, Map<String, String> env, String... words) {
        try (JarRun run = JarRun.start(home, env, List.of(words))) {
            return run.await(TIMEOUT);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> filesUnder(Path home) throws Exception {
        try (Stream<Path> all = Files.walk(home)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
