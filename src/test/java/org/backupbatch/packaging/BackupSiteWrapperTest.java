package org.backupbatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/backup-site} run by the real {@code /bin/sh} with a fake {@code java} first on the
 * PATH that prints each argument on a line and exits with {@code FAKE_EXIT}: the verbs map to the
 * jar's words, other words pass through untouched, and the exit code comes back.
 */
class BackupSiteWrapperTest {

    static final Path WRAPPER = DockerFilesTest.ROOT.resolve("bin/backup-site");

    @TempDir
    Path dir;
    private Path fakeBin;

    /** What one run printed and returned. */
    record Run(int exit, List<String> args, String err) {
    }

    @BeforeEach
    void fakeJava() throws IOException {
        fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        executable(fakeBin.resolve("java"), """
                #!/bin/sh
                for word in "$@"; do printf '%s\\n' "$word"; done
                exit "${FAKE_EXIT:-0}"
                """);
    }

    @Test
    void backupNamesTheJobAndTheSite() throws Exception {
        assertThat(run(Map.of(), "backup", "blog").args()).containsExactly("-jar", "/opt/x/backup-batch.jar",
                "job=backup", "site=blog");
    }

    @Test
    void restoreTakesSiteBackupAndAnOptionalTarget() throws Exception {
        assertThat(run(Map.of(), "restore", "blog", "latest", "staging", "confirm=yes").args()).endsWith(
                "job=restore", "site=blog", "backup=latest", "target=staging", "confirm=yes");
        assertThat(run(Map.of(), "restore", "blog", "20261129T032551Z").args()).endsWith(
                "job=restore", "site=blog", "backup=20261129T032551Z");
    }

    @Test
    void everyVerbMapsToItsJob() throws Exception {
        assertThat(run(Map.of(), "list").args()).endsWith("job=list");
        assertThat(run(Map.of(), "list", "all", "format=json").args()).endsWith("job=list", "site=all", "format=json");
        assertThat(run(Map.of(), "config", "blog").args()).endsWith("job=config", "site=blog");
        assertThat(run(Map.of(), "config", "action=seal").args()).endsWith("job=config", "action=seal");
        assertThat(run(Map.of(), "validate", "all").args()).endsWith("job=validate", "site=all");
        assertThat(run(Map.of(), "prune", "blog", "dry-run=yes").args()).endsWith("job=prune", "site=blog", "dry-run=yes");
        assertThat(run(Map.of(), "drill", "blog", "latest").args()).endsWith("job=drill", "site=blog", "backup=latest");
        assertThat(run(Map.of(), "--version").args()).endsWith("--version");
        assertThat(run(Map.of(), "--help").args()).endsWith("--help");
    }

    @Test
    void keyValueWordsPassThroughUnsplitAndUnglobbed() throws Exception {
        assertThat(run(Map.of(), "backup", "home=/srv/my sites/*", "blog", "spring.datasource.url=jdbc:x;a=b").args())
                .endsWith("job=backup", "home=/srv/my sites/*", "site=blog", "spring.datasource.url=jdbc:x;a=b");
    }

    @Test
    void theJarsExitCodeComesBack() throws Exception {
        assertThat(run(Map.of("FAKE_EXIT", "1"), "backup", "blog").exit()).isEqualTo(1);
        assertThat(run(Map.of("FAKE_EXIT", "3"), "restore", "blog", "latest").exit()).isEqualTo(3);
    }

    @Test
    void aWrongUseExits2WithoutStartingJava() throws Exception {
        for (List<String> words : List.of(List.of("bakup", "blog"), List.of("backup"), List.of("backup", "a", "b"),
                List.of("restore", "blog"), List.<String>of())) {
            Run run = run(Map.of(), words.toArray(String[]::new));
            assertThat(run.exit()).as(words.toString()).isEqualTo(2);
            assertThat(run.args()).as(words.toString()).isEmpty();
            assertThat(run.err()).as(words.toString()).contains("backup-site");
        }
    }

    @Test
    void findsTheJarBesideItselfAndJavaInJavaHome() throws Exception {
        // given: an unpacked layout, bin/backup-site beside target/backup-batch.jar, and a JAVA_HOME
        Path install = Files.createDirectories(dir.resolve("install"));
        Files.createDirectories(install.resolve("bin"));
        Files.copy(WRAPPER, install.resolve("bin/backup-site"));
        Files.createDirectories(install.resolve("target"));
        Files.writeString(install.resolve("target/backup-batch.jar"), "");
        Path javaHome = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Files.copy(fakeBin.resolve("java"), javaHome.resolve("bin/java"));
        Files.writeString(fakeBin.resolve("java"), "#!/bin/sh\necho wrong java; exit 9\n");

        // when
        Run run = run(install.resolve("bin/backup-site"), Map.of("JAVA_HOME", javaHome.toString()), "list");

        // then
        assertThat(run.exit()).isZero();
        assertThat(Path.of(run.args().get(1)).toRealPath()).isEqualTo(install.resolve("target/backup-batch.jar").toRealPath());
    }

    private Run run(Map<String, String> env, String... words) throws Exception {
        Map<String, String> withJar = new java.util.HashMap<>(env);
        withJar.putIfAbsent("BACKUP_BATCH_JAR", "/opt/x/backup-batch.jar");
        return run(WRAPPER, withJar, words);
    }

    private Run run(Path wrapper, Map<String, String> env, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", wrapper.toString()));
        command.addAll(List.of(words));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("BACKUP_BATCH_JAR");
        builder.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
        builder.environment().putAll(env);
        Path err = dir.resolve("err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        return new Run(exit, out.isEmpty() ? List.of() : List.of(out.split("\n")), Files.readString(err));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
