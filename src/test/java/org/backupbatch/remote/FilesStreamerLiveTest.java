package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.backupbatch.archive.TarContents;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.LocalShell;
import org.backupbatch.ssh.Shell;
import org.backupbatch.ssh.ShellQuote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files stream with the real {@code find}, GNU tar and gzip of this machine, the site changed
 * between the listing and tar (the moment a live site's paths vanish): a shell that runs a change
 * before its second command. Changes while tar reads a file are {@code LiveSiteIT}'s.
 */
class FilesStreamerLiveTest {

    @TempDir
    Path tmp;

    /**
     * Runs {@code change} once, just before the second script (tar's) starts; with {@code asOwner},
     * every script runs without root's power to read any folder (as the site's owner would).
     */
    private static final class ChangingShell implements Shell {
        private final LocalShell local = new LocalShell();
        private final Runnable change;
        private final boolean asOwner;
        private int runs;

        ChangingShell(Runnable change, boolean asOwner) {
            this.change = change;
            this.asOwner = asOwner;
        }

        @Override
        public CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
                throws IOException {
            if (++runs == 2) {
                change.run();
            }
            boolean root = "root".equals(System.getProperty("user.name"));
            return local.run(asOwner && root ? "exec setpriv --bounding-set=-dac_override,-dac_read_search "
                    + "--inh-caps=-dac_override,-dac_read_search sh -c " + ShellQuote.quote(script) : script,
                    stdin, stdout, timeout);
        }

        @Override
        public String describe() {
            return "this machine";
        }

        @Override
        public void abort() {
            local.abort();
        }

        @Override
        public void close() {
            local.close();
        }
    }

    @Test
    void pathsThatVanishAfterTheListingAreWarningsAndTheStreamIsWhole() throws IOException {
        // given
        Path site = Files.createDirectories(tmp.resolve("site/dir/sub"));
        site = site.getParent().getParent();
        Files.writeString(site.resolve("stays.txt"), "stays");
        Files.writeString(site.resolve("vanishes.txt"), "gone");
        Files.writeString(site.resolve("dir/a"), "a");
        Files.writeString(site.resolve("dir/sub/b"), "b");
        Path folder = site;
        Path work = Files.createDirectories(tmp.resolve("work"));
        // when
        FilesStreamer.Result result;
        try (Shell shell = new ChangingShell(() -> change(folder), false)) {
            result = new FilesStreamer(shell, Duration.ofSeconds(60), 1).stream(site.toString(), List.of(), List.of(),
                    "backup-x", work);
        }
        // then
        assertThat(result.warnings()).containsExactlyInAnyOrder(
                "tar: ./vanishes.txt: Warning: Cannot stat: No such file or directory",
                "tar: ./dir: Warning: Cannot stat: No such file or directory",
                "tar: ./dir/a: Warning: Cannot stat: No such file or directory",
                "tar: ./dir/sub: Warning: Cannot stat: No such file or directory",
                "tar: ./dir/sub/b: Warning: Cannot stat: No such file or directory");
        assertThat(result.stats().regularFiles()).as("stays.txt only; appears.txt was not listed").isEqualTo(1);
        assertThat(TarContents.inspectFilesPart(result.gzFile(), "backup-x/files")).isEqualTo(result.stats());
    }

    @Test
    void aRootThatFindCannotListFailsInsteadOfGivingAnEmptyBackup() throws IOException {
        // given: a folder that can be entered (x) but not read (no r), as after a change of modes
        // between the validate step and the stream
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.php"), "<?php");
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("-wx--x--x"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        // when / then
        try (Shell shell = new ChangingShell(() -> { }, true)) {
            assertThatThrownBy(() -> new FilesStreamer(shell, Duration.ofSeconds(60), 1).stream(site.toString(),
                    List.of(), List.of(), "backup-x", work))
                    .isInstanceOf(FatalError.class).hasMessageContaining(site + " cannot be listed on this machine")
                    .hasMessageEndingWith("Permission denied");
        } finally {
            Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void change(Path site) {
        try {
            Files.delete(site.resolve("vanishes.txt"));
            Files.delete(site.resolve("dir/sub/b"));
            Files.delete(site.resolve("dir/sub"));
            Files.delete(site.resolve("dir/a"));
            Files.delete(site.resolve("dir"));
            Files.writeString(site.resolve("appears.txt"), "new");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
