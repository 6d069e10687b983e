package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteConfigLoader;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.ssh.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site's shell opened while the process starts, taken by the validate step. */
class ShellAheadTest {

    @TempDir
    Path home;

    @AfterEach
    void closeLeftovers() {
        ShellAhead.closeUntaken();
    }

    @Test
    void theStepTakesTheShellOpenedAheadOnceThenOpensItsOwn() throws Exception {
        // given
        SiteConfig config = site("bbst-ahead", "site: {transport: local}\nfiles: {remote_path: www}\n");
        AtomicInteger reads = new AtomicInteger();

        // when
        ShellAhead.open("bbst-ahead", () -> {
            reads.incrementAndGet();
            return config;
        });
        String first;
        try (Shell shell = ShellAhead.take(config)) {
            first = run(shell, "echo ahead");
        }
        try (Shell again = ShellAhead.take(config)) {
            assertThat(run(again, "echo again")).isEqualTo("again\n");
        }

        // then
        assertThat(first).isEqualTo("ahead\n");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aConfigurationThatCannotBeReadAheadLeavesTheStepToOpenItsOwn() throws Exception {
        // given
        SiteConfig config = site("bbst-unread", "site: {transport: local}\nfiles: {remote_path: www}\n");

        // when
        ShellAhead.open("bbst-unread", () -> {
            throw new ConfigurationError("jobs/bbst-unread.yaml: not read");
        });

        // then
        try (Shell shell = ShellAhead.take(config)) {
            assertThat(run(shell, "echo own")).isEqualTo("own\n");
        }
    }

    @Test
    void aLoginThatFailedAheadFailsTheStepWithTheSameError() throws Exception {
        // given: a key that is no key, so the login fails before any connection
        Files.writeString(home.resolve("bbst-key"), "not a key\n");
        Files.writeString(home.resolve("bbst-known_hosts"), "");
        SiteConfig config = site("bbst-nologin", """
                ssh: {host: 127.0.0.1, port: 1, user: bbst, private_key_path: bbst-key, known_hosts: bbst-known_hosts}
                files: {remote_path: /tmp}
                """);
        Throwable own = catchThrowable(() -> SiteShells.open(config).close());

        // when
        ShellAhead.open("bbst-nologin", () -> config);
        Throwable ahead = catchThrowable(() -> ShellAhead.take(config).close());

        // then
        assertThat(own).isNotNull();
        assertThat(ahead).isInstanceOf(own.getClass()).hasMessage(own.getMessage());
    }

    private SiteConfig site(String name, String yaml) throws Exception {
        Files.createDirectories(home.resolve("jobs"));
        Files.createDirectories(home.resolve("www"));
        Files.writeString(home.resolve("jobs/" + name + ".yaml"), yaml);
        return new SiteConfigLoader(home, Map.of()).load(name);
    }

    private static String run(Shell shell, String script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shell.run(script, null, out, Duration.ofSeconds(30));
        return out.toString(StandardCharsets.UTF_8);
    }
}
