package org.backupbatch.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/backup-site} with the real Java and the packaged jar. */
class BackupSiteWrapperIT {

    @TempDir
    Path home;

    @Test
    void versionRunsTheRealJarAndExitsZero() throws Exception {
        // when
        Result result = run("--version");

        // then
        assertThat(result.exit()).isZero();
        assertThat(result.lastLine()).startsWith("version backup-batch=" + System.getProperty("backup-batch.version"))
                .endsWith("status=COMPLETED");
    }

    @Test
    void anUnknownSiteComesBackAsTheJarsExitCode2() throws Exception {
        // given
        Files.createDirectories(home.resolve("jobs"));

        // when
        Result result = run("validate", "nosuch", "home=" + home);

        // then
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.lastLine()).startsWith("validate site=nosuch status=INVALID");
    }

    record Result(int exit, String lastLine) {
    }

    private Result run(String... words) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", BackupSiteWrapperTest.WRAPPER.toString()));
        command.addAll(List.of(words));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("BACKUP_BATCH_JAR",
                Path.of(System.getProperty("backup-batch.jar", "target/backup-batch.jar")).toAbsolutePath().toString());
        Process process = builder.start();
        String[] lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
        return new Result(process.waitFor(), lines[lines.length - 1]);
    }
}
