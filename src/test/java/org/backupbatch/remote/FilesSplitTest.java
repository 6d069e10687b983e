package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.backupbatch.archive.Compressibility;
import org.backupbatch.archive.TarContents;
import org.backupbatch.ssh.LocalShell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files skip gzip, decided with the real {@code find}, {@code head}, {@code gzip -1} and
 * GNU tar of this machine: by name for large media, by a sample on the host for large files whose
 * name does not tell.
 */
class FilesSplitTest {

    private static final String ROOT = "backup-20261201T000000Z";

    @TempDir
    Path tmp;

    private Path site;
    private Path work;

    @BeforeEach
    void site() throws IOException {
        site = Files.createDirectories(tmp.resolve("site/wp-content/uploads"));
        site = tmp.resolve("site");
        work = Files.createDirectories(tmp.resolve("work"));
        Random random = new Random(7);
        Files.write(site.resolve("wp-content/uploads/video.bin"), bytes(random, 2 << 20));
        Files.write(site.resolve("wp-content/uploads/photo.jpg"), bytes(random, 200_000));
        Files.write(site.resolve("wp-content/uploads/thumb.jpg"), bytes(random, 4_000));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < (2 << 20); i++) {
            text.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        Files.writeString(site.resolve("debug.txt"), text);
        Files.writeString(site.resolve("index.php"), "<?php echo 'hello';\n");
    }

    @Test
    void randomBinIsSampledAndStoredWhileLargeTextIsGzipped() throws IOException {
        // when
        FilesStreamer.Result result;
        try (LocalShell shell = new LocalShell()) {
            result = new FilesStreamer(shell, Duration.ofMinutes(1), 6)
                    .stream(site.toString(), List.of(), List.of(), ROOT, work);
        }
        // then
        assertThat(result.storedFile()).isNotNull();
        assertThat(names(result.storedFile())).containsExactlyInAnyOrder(
                ROOT + "/files/wp-content/uploads/video.bin", ROOT + "/files/wp-content/uploads/photo.jpg");
        assertThat(names(result.gzFile())).contains(ROOT + "/files/debug.txt", ROOT + "/files/index.php",
                ROOT + "/files/wp-content/uploads/thumb.jpg", ROOT + "/files/wp-content/uploads/")
                .doesNotContain(ROOT + "/files/wp-content/uploads/video.bin");
        assertThat(result.stats().regularFiles()).isEqualTo(5);
        assertThat(result.warnings()).isEmpty();
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("only the two streams are left").containsExactlyInAnyOrder("files.tar.gz",
                            "files-stored.tar.gz");
        }
    }

    @Test
    void siteWithoutLargeIncompressibleFilesMakesOneStreamAsBefore() throws IOException {
        // given
        Files.delete(site.resolve("wp-content/uploads/video.bin"));
        Files.delete(site.resolve("wp-content/uploads/photo.jpg"));
        // when
        FilesStreamer.Result result;
        try (LocalShell shell = new LocalShell()) {
            result = new FilesStreamer(shell, Duration.ofMinutes(1), 6)
                    .stream(site.toString(), List.of(), List.of(), ROOT, work);
        }
        // then
        assertThat(result.storedFile()).isNull();
        assertThat(result.stats()).isEqualTo(TarContents.inspectFilesPart(result.gzFile(), ROOT + "/files"));
        assertThat(result.stats().regularFiles()).isEqualTo(3);
    }

    @Test
    void rulesByNameAndBySample() {
        assertThat(Compressibility.byName("./a/photo.JPG", 200_000)).isEqualTo(Compressibility.Kind.STORED);
        assertThat(Compressibility.byName("./a/thumb.jpg", 4_000)).isEqualTo(Compressibility.Kind.GZIP);
        assertThat(Compressibility.byName("./a/movie.bin", 5 << 20)).isEqualTo(Compressibility.Kind.SAMPLE);
        assertThat(Compressibility.byName("./a.jpg.d/readme", 5_000)).isEqualTo(Compressibility.Kind.GZIP);
        assertThat(Compressibility.bySample(262_144, 262_200)).isEqualTo(Compressibility.Kind.STORED);
        assertThat(Compressibility.bySample(262_144, 60_000)).isEqualTo(Compressibility.Kind.GZIP);
    }

    private static List<String> names(Path gz) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(gz);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in, true))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
