package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backupbatch.archive.PathSorterTest.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing find's NUL-separated listings as they arrive, in pieces of any size. */
class FindListingTest {

    @TempDir
    Path dir;

    @Test
    void sizedFilesOfTheRealFindArrivingInSmallPiecesAreSortedWithTheirSizes() throws IOException {
        // given: names with spaces, a newline, a Latin-1 byte, a leading dash; the real find's listing
        Path tree = Files.createDirectory(dir.resolve("site"));
        Processes.shOk(tree, null, "mkdir -p 'a b/c' && printf 12345 > 'a b/c/two  spaces' && : > -rf"
                + " && printf 'abc' > \"$(printf 'new\\nline')\" && printf 'xy' > \"$(printf 'latin1-\\351')\""
                + " && ln -s -rf link");
        byte[] listing = Processes.shOk(tree, null, "find . -type f -printf '%s %p\\0'");
        // when
        List<PathRecord> parsed = parse(FindListing::sizedFiles, listing, 5);
        // then: the link and the folders are not regular files
        assertThat(parsed).containsExactly(new PathRecord("./-rf", 0, 'f'), new PathRecord("./a b/c/two  spaces", 5, 'f'),
                new PathRecord("./latin1-\u00e9", 2, 'f'), new PathRecord("./new\nline", 3, 'f'));
    }

    @Test
    void pathsOfAPrint0ListingWrittenByteByByteHaveNoSizeNorType() throws IOException {
        // given
        byte[] listing = ".\0./b\0./a\nb\0./a\0".getBytes(StandardCharsets.ISO_8859_1);
        // when
        List<PathRecord> parsed = parse(FindListing::paths, listing, 1);
        // then
        assertThat(parsed).containsExactly(PathRecord.of("."), PathRecord.of("./a"), PathRecord.of("./a\nb"),
                PathRecord.of("./b"));
    }

    @Test
    void aListingCutInsideARecordFailsOnClose() throws IOException {
        // given
        try (PathSorter sorter = new PathSorter(dir)) {
            FindListing listing = FindListing.sizedFiles(sorter);
            listing.write("3 ./a\0004 ./b".getBytes(StandardCharsets.ISO_8859_1));
            // when / then
            assertThat(listing.records()).isEqualTo(1);
            assertThatThrownBy(listing::close).isInstanceOf(IOException.class).hasMessageContaining("cut: 4 ./b");
        }
    }

    @Test
    void aSizedRecordWithoutASizeIsRefused() throws IOException {
        // given
        try (PathSorter sorter = new PathSorter(dir); FindListing listing = FindListing.sizedFiles(sorter)) {
            // when / then
            assertThatThrownBy(() -> listing.write("./no size\0".getBytes(StandardCharsets.ISO_8859_1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("./no size");
        }
    }

    private interface Form {
        FindListing of(PathSorter sorter);
    }

    private List<PathRecord> parse(Form form, byte[] listing, int piece) throws IOException {
        try (PathSorter sorter = new PathSorter(dir.resolve("work"), false, 2, Long.MAX_VALUE, 2)) {
            try (FindListing out = form.of(sorter)) {
                for (int i = 0; i < listing.length; i += piece) {
                    out.write(listing, i, Math.min(piece, listing.length - i));
                }
            }
            try (SortedPaths list = sorter.finish()) {
                return records(list);
            }
        }
    }
}
