package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.LocalShell;
import org.backupbatch.ssh.ShellQuote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The restore's wp-config.php written in place with the real dash and bash (a login shell on a
 * host is often bash): byte-exact, with its mode and mtime, a link replaced rather than written
 * through, and nothing written at all when fewer bytes came than were sent (a cut connection).
 */
class FilesRestorerInstallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] CONTENT = ("<?php\ndefine('DB_PASSWORD', 'p\\'w\"$(x)`y`\u00e9');\n\n\n")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final LocalShell shell = new LocalShell();

    @AfterEach
    void close() {
        shell.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void writesTheFileWholeWithItsModeAndMtimeAndTheFolderKeepsItsMtime(String sh) throws Exception {
        // given: a site folder whose wp-config.php is a link to a file elsewhere
        Path site = Files.createDirectory(dir.resolve("site"));
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.php"), "not to be touched");
        Files.createSymbolicLink(site.resolve("wp-config.php"), elsewhere);
        Files.setLastModifiedTime(site, FileTime.fromMillis(1_600_000_000_000L));
        byte[] content = Arrays.copyOf(CONTENT, CONTENT.length + 1);
        content[content.length - 1] = (byte) 0xff; // not UTF-8: bytes, not characters
        // when
        CommandResult result = run(sh, site, content.length, content);
        // then
        assertThat(result.exitStatus()).as(result.stderrTail(5)).isZero();
        Path file = site.resolve("wp-config.php");
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(Files.readString(elsewhere)).isEqualTo("not to be touched");
        assertThat(Files.getLastModifiedTime(site).toMillis()).isEqualTo(1_600_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void aCutStreamWritesNothing(String sh) throws Exception {
        // given: the site's own file, and a stream that ends before the length announced
        Path site = Files.createDirectory(dir.resolve("site"));
        Path file = Files.writeString(site.resolve("wp-config.php"), "the site's own");
        // when
        CommandResult result = run(sh, site, CONTENT.length, Arrays.copyOf(CONTENT, CONTENT.length - 3));
        // then
        assertThat(result.exitStatus()).isEqualTo(96);
        assertThat(Files.readString(file)).isEqualTo("the site's own");
        try (var entries = Files.list(site)) {
            assertThat(entries).containsExactly(file);
        }
    }

    private CommandResult run(String sh, Path site, int length, byte[] stdin) throws IOException {
        String script = FilesRestorer.installScript(site.toString(), "wp-config.php", length, 0640, 1_700_000_000L);
        return shell.run(sh.equals("sh") ? script : "exec bash -c " + ShellQuote.quote(script),
                new ByteArrayInputStream(stdin), new ByteArrayOutputStream(), TIMEOUT);
    }
}
