package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.backupbatch.archive.TarContents;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.LocalShell;
import org.backupbatch.ssh.Shell;
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

    /** Runs {@code change} once, just before the second script (tar's) starts. */
    private static final class ChangingShell implements Shell {
        private final LocalShell local = new LocalShell();
        private final Runnable change;
        private int runs;

        ChangingShell(Runnable change) {
            this.change = change;
        }

        @Override
        public CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
                throws IOException {
            if (++runs == 2) {
                change.run();
            }
            return local.run(script, stdin, stdout, timeout);
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
        try (Shell shell = new ChangingShell(() -> change(folder))) {
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
