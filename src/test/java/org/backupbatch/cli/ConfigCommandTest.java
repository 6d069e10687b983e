package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.SiteConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code job=config site=X} and {@code job=config action=init}, from the words to stdout and the exit code. */
class ConfigCommandTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> checked = new ArrayList<>();
    private Path key;
    private Path knownHosts;

    @BeforeEach
    void setUp() throws IOException {
        key = Files.writeString(home.resolve("id_ed25519"), "not a real key\n");
        knownHosts = Files.writeString(home.resolve("known_hosts"), "ssh.example.net ssh-ed25519 AAAA\n");
    }

    @Test
    void showsEachValueWithItsLayerHidesTheSecretAndEndsWithTheSummary() throws IOException {
        // given
        site("blog", """
                site: {app_type: wordpress}
                ssh: {host: ssh.example.net, user: "${SSH_USER}", private_key_path: %s, known_hosts: %s}
                files: {remote_path: /home/blog/www}
                database: {password: "${DB_PASSWORD}"}
                """.formatted(key, knownHosts));

        // when
        int exit = run(Map.of("SSH_USER", "blog7", "DB_PASSWORD", "hunter2-secret"), "job=config", "site=blog");

        // then
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("# site blog: jobs/blog.yaml; layers, later wins: default <- provider "
                + "shared-hosting <- app template wordpress <- site file");
        assertThat(lines).anyMatch(l -> l.matches("site\\.name +blog +file name jobs/blog\\.yaml"))
                .anyMatch(l -> l.matches("site\\.provider +shared-hosting +default"))
                .anyMatch(l -> l.matches("ssh\\.user +blog7 +environment \\$\\{SSH_USER} via site file"))
                .anyMatch(l -> l.matches("ssh\\.port +22 +provider shared-hosting"))
                .anyMatch(l -> l.matches("database\\.tables +prefix +app template wordpress"))
                .anyMatch(l -> l.matches("database\\.password +<hidden> +environment \\$\\{DB_PASSWORD} via site file"))
                .anyMatch(l -> l.matches("files\\.exclude_patterns +\\(15 items\\) +app template wordpress"))
                .contains("  - wp-content/cache/**",
                        "# read from wp-config.php at each run, as the site file does not set them: database name, user, host");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("config site=blog status=COMPLETED");
        assertThat(stdout() + err).doesNotContain("hunter2");
        assertThat(home.resolve(".backup-batch")).as("no lock, no repository").doesNotExist();
        assertThat(home.resolve("logs")).doesNotExist();
    }

    @Test
    void aConfigurationThatDoesNotLoadIsShownThenRefusedWithExit2() throws IOException {
        // given
        site("blog", """
                ssh: {host: ssh.example.net, user: blog, private_key_path: %s, known_hosts: %s, port: 99999}
                files: {remote_path: /home/blog/www}
                """.formatted(key, knownHosts));

        // when
        int exit = run(Map.of(), "job=config", "site=blog");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(stdout()).containsPattern("ssh\\.port +99999 +site file");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: jobs/blog.yaml: ssh.port: ");
        assertThat(lastLine()).startsWith("config site=blog status=INVALID error=\"jobs/blog.yaml: ssh.port: ");
    }

    @Test
    void anUnknownSiteIsExit2NamingTheKnownOnes() throws IOException {
        // given
        site("blog", "");

        // when
        int exit = run(Map.of(), "job=config", "site=blgo");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(lastLine()).startsWith("config site=blgo status=INVALID error=\"unknown site 'blgo'")
                .contains("did you mean blog?");
    }

    @Test
    void initWritesTheSiteFileRunsTheChecksAndSaysWhatIsNext() {
        // when
        int exit = run(Map.of(), "job=config", "action=init", "site=shop", "host=ssh.example.net", "user=shop",
                "remote_path=/srv/shop", "port=2222", "private_key_path=" + key, "known_hosts=" + knownHosts);

        // then
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(checked).containsExactly("shop");
        Path file = home.resolve("jobs/shop.yaml");
        assertThat(file).exists();
        List<String> lines = stdout().lines().toList();
        assertThat(lines).containsSubsequence("wrote " + file + " (it loads; edit it to add more)",
                "next: java -jar backup-batch.jar job=validate site=shop home=" + home);
        assertThat(lastLine()).startsWith("config action=init site=shop status=COMPLETED file=");
        assertThat(new SiteConfigLoader(home, Map.of()).load("shop").ssh().port()).isEqualTo(2222);
    }

    @Test
    void initRefusesAnExistingFileWithExit2AndRunsNoCheck() throws IOException {
        // given
        site("shop", "# mine\n");

        // when
        int exit = run(Map.of(), "job=config", "action=init", "site=shop", "host=h", "user=u", "remote_path=/p");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(checked).isEmpty();
        assertThat(home.resolve("jobs/shop.yaml")).hasContent("# mine");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: jobs/shop.yaml already exists in " + home);
        assertThat(lastLine()).startsWith("config action=init site=shop status=INVALID error=");
    }

    @Test
    void initReturnsTheChecksExitCode() {
        // given
        ConfigCommand failingChecks = new ConfigCommand(home, new SiteConfigLoader(home, Map.of()), Map.of(),
                (h, site, o, e) -> ExitCodes.FAILED);

        // when
        int exit = failingChecks.run(parse(Map.of(), "job=config", "action=init", "site=shop", "host=ssh.example.net",
                "user=shop", "remote_path=/srv/shop", "private_key_path=" + key, "known_hosts=" + knownHosts), null, null, print(out), print(err));

        // then: the file stays (it loads); the checks said the server is not right yet
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(lastLine()).startsWith("config action=init site=shop status=FAILED file=");
        assertThat(home.resolve("jobs/shop.yaml")).exists();
    }

    private void site(String name, String yaml) throws IOException {
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs/" + name + ".yaml"), yaml);
    }

    private int run(Map<String, String> env, String... words) {
        ConfigCommand command = new ConfigCommand(home, new SiteConfigLoader(home, env), env, (h, site, o, e) -> {
            checked.add(site);
            return ExitCodes.COMPLETED;
        });
        return command.run(parse(env, words), null, new ByteArrayInputStream(new byte[0]), print(out), print(err));
    }

    private CommandLine parse(Map<String, String> env, String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        all.add("home=" + home);
        return CommandLine.parse(all, env);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String lastLine() {
        List<String> lines = stdout().lines().toList();
        return lines.get(lines.size() - 1);
    }
}
