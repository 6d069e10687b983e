package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental night's archive, built from the last backup's members and only the changed
 * entries the host sends, extracts with the real GNU tar to the same tree (bytes, modes, times,
 * link targets) as a full backup taken at the same moment; against a full backup (streams, cut
 * here once) and against an incremental one (members copied as they lie).
 */
class IncrementalFilesTest {

    private static final Instant T0 = Instant.parse("2026-11-01T01:02:03Z");

    @TempDir
    Path dir;

    private Path tree;
    private LocalNights nights;
    private final Random random = new Random(15);

    @BeforeEach
    void site() throws IOException {
        tree = Files.createDirectory(dir.resolve("site"));
        ArchiveFixture.createSiteTree(tree);
        Path uploads = tree.resolve("wp-content/uploads/2026");
        Files.createDirectories(uploads);
        for (int i = 0; i < 5; i++) {
            Files.write(uploads.resolve("photo-" + i + ".jpg"), bytes(200_000 + i));
            Files.writeString(uploads.resolve("page-" + i + ".html"), "<p>page " + i + "</p>\n".repeat(200 + i));
        }
        Files.write(tree.resolve("movie.bin"), bytes(1_500_000));
        Files.createDirectories(tree.resolve("wp-content/plugins/old"));
        Files.writeString(tree.resolve("wp-content/plugins/old/old.php"), "<?php // old\n");
        Files.createSymbolicLink(tree.resolve("latest.jpg"), Path.of("wp-content/uploads/2026/photo-0.jpg"));
        Files.setPosixFilePermissions(tree.resolve("wp-content/plugins/old"), PosixFilePermissions.fromString("r-xr-xr-x"));
        settle(tree);
        nights = new LocalNights(dir, tree);
    }

    @Test
    void incrementalNightsExtractToTheSameTreeAsFullOnes() throws IOException {
        // given: a full night, then changes of every kind
        LocalNights.Night first = nights.full("20261201T010000Z");
        change();
        // when: an incremental night against the full one (cut from its streams), and a full one
        LocalNights.Night second = nights.incremental("20261202T010000Z", first, false);
        LocalNights.Night secondFull = nights.full("20261202T010001Z");
        // then
        LocalNights.verify(second);
        assertThat(LocalNights.extract(second, dir.resolve("x2"))).isEqualTo(
                LocalNights.extract(secondFull, dir.resolve("x2full"))).isEqualTo(LocalNights.describe(tree));
        assertThat(second.reused()).isGreaterThan(1_000_000);

        // and given: more changes; when: an incremental night against the incremental one (members copied)
        Files.writeString(tree.resolve("wp-content/uploads/2026/page-3.html"), "changed again\n");
        Files.delete(tree.resolve("wp-content/uploads/2026/photo-4.jpg"));
        settle(tree);
        LocalNights.Night third = nights.incremental("20261203T010000Z", second, false);
        LocalNights.Night thirdFull = nights.full("20261203T010001Z");
        // then
        LocalNights.verify(third);
        assertThat(LocalNights.extract(third, dir.resolve("x3"))).isEqualTo(
                LocalNights.extract(thirdFull, dir.resolve("x3full")));
        assertThat(third.fetched()).isLessThan(2_000);
        assertThat(third.reused()).isGreaterThan(2_000_000);
    }

    @Test
    void unchangedNightCopiesEveryDataMemberAndFetchesNothing() throws IOException {
        // given
        LocalNights.Night first = nights.full("20261201T010000Z");
        LocalNights.Night second = nights.incremental("20261202T010000Z", first, false);
        // when
        LocalNights.Night third = nights.incremental("20261203T010000Z", second, false);
        // then
        assertThat(third.fetched()).isZero();
        assertThat(third.reused()).isEqualTo(second.reused());
        Map<String, FileEntry> map = FilesIndex.read(third.index());
        byte[] before = Files.readAllBytes(second.archive());
        byte[] after = Files.readAllBytes(third.archive());
        Map<String, FileEntry> old = FilesIndex.read(second.index());
        FileEntry movie = map.get("./movie.bin");
        assertThat(java.util.Arrays.copyOfRange(after, (int) movie.dataOffset(),
                (int) (movie.dataOffset() + movie.dataLength()))).isEqualTo(java.util.Arrays.copyOfRange(before,
                (int) old.get("./movie.bin").dataOffset(), (int) (old.get("./movie.bin").dataOffset()
                        + movie.dataLength())));
        assertThat(movie.sha256()).isEqualTo(Sha256.of(tree.resolve("movie.bin")));
        assertThat(LocalNights.extract(third, dir.resolve("x3"))).isEqualTo(LocalNights.describe(tree));
    }

    @Test
    void sameSizeSameTimeTamperingIsMissedByTheListingAndCaughtByTheContentCheck() throws IOException {
        // given: a file rewritten with as many bytes, its mtime put back
        LocalNights.Night first = nights.full("20261201T010000Z");
        LocalNights.Night second = nights.incremental("20261202T010000Z", first, false);
        Path index = tree.resolve("index.php");
        FileTime mtime = Files.getLastModifiedTime(index);
        String text = Files.readString(index);
        Files.writeString(index, text.replace("require", "REQUIRE"));
        Files.setLastModifiedTime(index, mtime);
        settle(tree);
        // when
        LocalNights.Night blind = nights.incremental("20261203T010000Z", second, false);
        LocalNights.Night checked = nights.incremental("20261203T010001Z", second, true);
        // then
        assertThat(LocalNights.extract(blind, dir.resolve("blind"))).isNotEqualTo(LocalNights.describe(tree));
        assertThat(LocalNights.extract(checked, dir.resolve("checked"))).isEqualTo(LocalNights.describe(tree));
    }

    @Test
    void aReferenceWhoseMemberChangedOnDiskIsRefusedWhetherCutOrCopied() throws IOException {
        // given: a full night and an incremental one, then a byte of each archive's media flipped
        LocalNights.Night first = nights.full("20261201T010000Z");
        LocalNights.Night second = nights.incremental("20261202T010000Z", first, false);
        FileEntry movie = FilesIndex.read(second.index()).get("./movie.bin");
        flip(second.archive(), movie.dataOffset() + movie.dataLength() / 2);
        flip(first.archive(), first.manifest().member(Manifest.FILES).length() / 3);
        // then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nights.incremental("20261203T010000Z", second, false))
                .isInstanceOf(IncrementalFiles.DamagedReference.class).hasMessageContaining("./movie.bin");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> nights.incremental("20261203T010001Z", first, false))
                .isInstanceOf(IncrementalFiles.DamagedReference.class).hasMessageContaining("differs from its");
    }

    private static void flip(Path file, long at) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
    }

    /** Changes, additions, deletions, a rename, mode-only changes, a symlink retarget, a new folder. */
    private void change() throws IOException {
        Path uploads = tree.resolve("wp-content/uploads/2026");
        Files.write(uploads.resolve("photo-1.jpg"), bytes(210_000));
        Files.writeString(uploads.resolve("page-2.html"), "<p>edited</p>\n");
        Files.write(uploads.resolve("photo-new.jpg"), bytes(150_000));
        Files.delete(uploads.resolve("page-4.html"));
        Files.move(uploads.resolve("photo-3.jpg"), uploads.resolve("photo-3-renamed.jpg"));
        Files.setPosixFilePermissions(uploads.resolve("page-0.html"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(tree.resolve("wp-content/plugins/old"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(tree.resolve("latest.jpg"));
        Files.createSymbolicLink(tree.resolve("latest.jpg"), Path.of("wp-content/uploads/2026/photo-new.jpg"));
        Files.createDirectories(tree.resolve("wp-content/cache/new"));
        Files.writeString(tree.resolve("wp-content/cache/new/a.css"), "body{}\n");
        Files.write(tree.resolve("wp-content/cache/new/empty"), new byte[0]);
        settle(tree);
    }

    /** Every mtime in the past and distinct from the last night's: a change is seen by its time, not by luck. */
    private static void settle(Path tree) throws IOException {
        FileTime t = FileTime.from(T0.plusSeconds(Math.abs(tree.hashCode() % 1000) + System.nanoTime() % 100_000));
        try (var paths = Files.walk(tree)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p) && Files.getLastModifiedTime(p).toInstant().isAfter(T0.plusSeconds(200_000))) {
                    Files.setLastModifiedTime(p, t);
                }
            }
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
