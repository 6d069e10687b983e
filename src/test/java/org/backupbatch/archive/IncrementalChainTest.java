package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thirty nights with random changes, each one incremental against the night before (a full one
 * every seventh, a content check every fifth), the night before last deleted as soon as a night
 * is made: every archive verifies and extracts with GNU tar to the tree as it was that night, on
 * its own.
 */
class IncrementalChainTest {

    private static final int NIGHTS = 30;

    @TempDir
    Path dir;

    private final Random random = new Random(20261201);
    private long clock = 1_700_000_000L;

    @Test
    void thirtyNightsEachStandAloneAfterTheOlderOnesArePruned() throws IOException {
        // given
        Path tree = Files.createDirectory(dir.resolve("site"));
        for (int i = 0; i < 40; i++) {
            addFile(tree);
        }
        LocalNights nights = new LocalNights(dir, tree);
        LocalNights.Night previous = null;
        LocalNights.Night beforePrevious = null;
        long fetched = 0;
        long reused = 0;
        for (int night = 1; night <= NIGHTS; night++) {
            // when
            String id = String.format("202612%02dT010000Z", night);
            LocalNights.Night made = previous == null || night % 7 == 0 ? nights.full(id)
                    : nights.incremental(id, previous, night % 5 == 0);
            String expected = LocalNights.describe(tree);
            if (beforePrevious != null) {
                prune(beforePrevious);
            }
            // then
            LocalNights.verify(made);
            assertThat(LocalNights.extract(made, dir.resolve("x" + night))).as("night %d", night).isEqualTo(expected);
            deleteTree(dir.resolve("x" + night));
            fetched += made.manifest().transfer().mode().equals("incremental") ? made.fetched() : 0;
            reused += made.reused();
            beforePrevious = previous;
            previous = made;
            change(tree, night);
        }
        assertThat(reused).as("most bytes taken over, not fetched").isGreaterThan(fetched * 3);
    }

    /** A few random changes of every kind; a changed file gets a time no earlier night had. */
    private void change(Path tree, int night) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(tree)) {
            all.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
        }
        for (int k = 0; k < 1 + random.nextInt(5); k++) {
            Path f = files.get(random.nextInt(files.size()));
            if (!Files.exists(f)) {
                continue;
            }
            switch (random.nextInt(7)) {
                case 0 -> rewrite(f);
                case 1 -> addFile(tree);
                case 2 -> Files.delete(f);
                case 3 -> Files.move(f, f.resolveSibling("renamed-" + night + "-" + k + "-" + f.getFileName()));
                case 4 -> Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                        random.nextBoolean() ? "rw-------" : "rw-r-----"));
                case 5 -> relink(tree, f);
                default -> Files.createDirectories(tree.resolve("d" + night + "/sub" + k));
            }
        }
    }

    private void rewrite(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        if (b.length > 0) {
            b[random.nextInt(b.length)] ^= 1;
        }
        Files.write(f, b);
        Files.setLastModifiedTime(f, FileTime.fromMillis(++clock * 1000));
    }

    private void addFile(Path tree) throws IOException {
        Path folder = tree.resolve("f" + random.nextInt(4) + "/g" + random.nextInt(3));
        Files.createDirectories(folder);
        boolean media = random.nextInt(3) == 0;
        byte[] b = new byte[media ? 130_000 + random.nextInt(50_000) : random.nextInt(3000)];
        if (media) {
            random.nextBytes(b);
        } else {
            java.util.Arrays.fill(b, (byte) ('a' + random.nextInt(26)));
        }
        Path f = folder.resolve("file-" + random.nextInt(1_000_000) + (media ? ".jpg" : ".php"));
        Files.write(f, b);
        Files.setLastModifiedTime(f, FileTime.fromMillis(++clock * 1000));
    }

    private void relink(Path tree, Path target) throws IOException {
        Path link = tree.resolve("latest");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, tree.relativize(target));
    }

    private static void prune(LocalNights.Night night) throws IOException {
        Files.delete(night.archive());
        if (night.index() != null) {
            Files.delete(night.index());
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
