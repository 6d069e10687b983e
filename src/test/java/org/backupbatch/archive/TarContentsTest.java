package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inspecting the files part as received, made by the real GNU tar and gzip. */
class TarContentsTest {

    @TempDir
    Path dir;

    @Test
    void inspectCountsEntriesFilesFoldersLinksAndBytesOfTheTree() throws IOException {
        // given
        ArchiveFixture fixture = ArchiveFixture.create(dir);
        // when
        TarContents.Stats stats = TarContents.inspectFilesPart(fixture.filesPart, ArchiveFixture.FILES_ROOT);
        // then: 9 folders (., empty-dir, "with spaces", wp-content, uploads, plugins, the plugin, assets,
        // images), 7 regular files (index.php, empty.txt, two-blocks.bin, zeros.bin, the one with spaces,
        // the non-ASCII one, the long-named one) and 1 symlink; GNU long-name blocks are not entries
        assertThat(stats).isEqualTo(ArchiveFixture.walk(fixture.tree));
        assertThat(stats).isEqualTo(new TarContents.Stats(17, 7, 9, 1, 47 + 0 + 1024 + 4096 + 7 + 32 + 3000));
    }

    @Test
    void inspectRefusesAFilesPartThatStillEndsWithTarEndBlocks() throws IOException {
        // given
        Path tree = siteTree();
        Path part = Files.write(dir.resolve("files.tar.gz"), ArchiveFixture.gzip(dir, ArchiveFixture.fullTar(tree)));
        // when / then
        assertThatThrownBy(() -> TarContents.inspectFilesPart(part, ArchiveFixture.FILES_ROOT))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("is incomplete or ends with tar end blocks");
    }

    @Test
    void inspectRefusesAFilesPartWithASingleEndBlockLeft() throws IOException {
        // given: half of the end-of-archive marker is enough to hide what follows from GNU tar
        Path tree = siteTree();
        byte[] tar = ArchiveFixture.fullTar(tree);
        Path part = Files.write(dir.resolve("files.tar.gz"),
                ArchiveFixture.gzip(dir, Arrays.copyOf(tar, tar.length - 512)));
        // when / then
        assertThatThrownBy(() -> TarContents.inspectFilesPart(part, ArchiveFixture.FILES_ROOT))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("is incomplete or ends with tar end blocks");
    }

    @Test
    void inspectRefusesEndBlocksHiddenInASecondGzipMember() throws IOException {
        // given: the assembler copies the whole file and tar reads every member, so what follows
        // the first member ends up in the archive too
        ArchiveFixture fixture = ArchiveFixture.create(dir);
        byte[] first = Files.readAllBytes(fixture.filesPart);
        byte[] endBlocks = ArchiveFixture.gzip(dir, new byte[1024]);
        byte[] both = Arrays.copyOf(first, first.length + endBlocks.length);
        System.arraycopy(endBlocks, 0, both, first.length, endBlocks.length);
        Files.write(fixture.filesPart, both);
        // when / then
        assertThatThrownBy(() -> TarContents.inspectFilesPart(fixture.filesPart, ArchiveFixture.FILES_ROOT))
                .isInstanceOf(FatalError.class);
    }

    @Test
    void inspectRefusesATarStreamCutInTheMiddleOfAFile() throws IOException {
        // given: a whole gzip member of a tar stream that stops 4 KiB before the end of big.bin
        Path tree = Files.createDirectory(dir.resolve("site"));
        byte[] big = new byte[20 * 1024];
        new Random(7).nextBytes(big);
        Files.write(tree.resolve("big.bin"), big);
        byte[] tar = ArchiveFixture.fullTar(tree);
        byte[] cut = Arrays.copyOf(tar, tar.length - 1024 - 4096);
        Path part = Files.write(dir.resolve("files.tar.gz"), ArchiveFixture.gzip(dir, cut));
        // when / then: the sentinel is swallowed as file data, then commons-compress meets the end
        assertThatThrownBy(() -> TarContents.inspectFilesPart(part, ArchiveFixture.FILES_ROOT))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("Truncated TAR archive");
    }

    @Test
    void inspectRefusesATarStreamCutInsideAHeader() throws IOException {
        // given: the stream stops 100 bytes into the last 512-byte block
        Path tree = siteTree();
        byte[] tar = ArchiveFixture.fullTar(tree);
        byte[] cut = Arrays.copyOf(tar, tar.length - 1024 - 412);
        Path part = Files.write(dir.resolve("files.tar.gz"), ArchiveFixture.gzip(dir, cut));
        // when / then: the block completed with sentinel bytes fails its header checksum
        assertThatThrownBy(() -> TarContents.inspectFilesPart(part, ArchiveFixture.FILES_ROOT))
                .isInstanceOfAny(FatalError.class, IOException.class);
    }

    @Test
    void inspectRefusesAGzipStreamCutShortSayingItEndsEarly() throws IOException {
        // given: the connection dropped, the gzip member has no end
        ArchiveFixture fixture = ArchiveFixture.create(dir);
        byte[] whole = Files.readAllBytes(fixture.filesPart);
        Files.write(fixture.filesPart, Arrays.copyOf(whole, whole.length / 2));
        // when / then
        assertThatThrownBy(() -> TarContents.inspectFilesPart(fixture.filesPart, ArchiveFixture.FILES_ROOT))
                .isInstanceOf(FatalError.class).hasMessageContaining("ends early").hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void inspectRefusesAnEntryOutsideTheFilesRoot() throws IOException {
        // given: a tar stream whose names were not transformed under <root>/files
        Path tree = siteTree();
        byte[] tar = Processes.shOk(tree, ArchiveFixture.findListing(tree),
                "tar --null --no-recursion -T - -b 1 --format=gnu -cf - | head -c -1024");
        Path part = Files.write(dir.resolve("files.tar.gz"), ArchiveFixture.gzip(dir, tar));
        // when / then
        assertThatThrownBy(() -> TarContents.inspectFilesPart(part, ArchiveFixture.FILES_ROOT))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("entry outside " + ArchiveFixture.FILES_ROOT);
    }

    @Test
    void inspectAcceptsAPartHoldingOnlyTheRootFolder() throws IOException {
        // given
        Path tree = Files.createDirectory(dir.resolve("empty-site"));
        Path part = Files.write(dir.resolve("files.tar.gz"), ArchiveFixture.serverFilesPart(tree));
        // when
        TarContents.Stats stats = TarContents.inspectFilesPart(part, ArchiveFixture.FILES_ROOT);
        // then
        assertThat(stats).isEqualTo(new TarContents.Stats(1, 0, 1, 0, 0));
    }

    @Test
    void pathsAreTheFilesPartAsFindPrintsItSortedWithSizesAndTypes() throws IOException {
        // given: the fixture's tree plus a hard link, a newline and a Latin-1 byte in names, prefixes
        Path tree = siteTree();
        Processes.shOk(tree, null, "ln index.php hard-link.php && mkdir a-b a.b && : > a-b/f"
                + " && printf x > \"$(printf 'new\\nline')\" && printf yz > \"$(printf 'latin1-\\351')\"");
        Path part = Files.write(dir.resolve("files.tar.gz"), ArchiveFixture.serverFilesPart(tree));
        TreeMap<String, PathRecord> expected = new TreeMap<>();
        String find = new String(Processes.shOk(tree, null, "find . -printf '%y %s %p\\0'"), StandardCharsets.ISO_8859_1);
        for (String line : find.substring(0, find.length() - 1).split("\0")) {
            String[] f = line.split(" ", 3);
            char type = f[0].charAt(0);
            expected.put(f[2], new PathRecord(f[2], type == 'f' ? Long.parseLong(f[1]) : -1, type));
        }
        // when
        List<PathRecord> paths;
        try (InputStream in = Files.newInputStream(part);
                SortedPaths list = TarContents.paths(in, ArchiveFixture.FILES_ROOT, dir.resolve("work"))) {
            paths = PathSorterTest.records(list);
        }
        // then: the second name of the hard-linked file is a hard link, the rest is what find says
        PathRecord index = expected.get("./index.php");
        List<PathRecord> pair = paths.stream().filter(r -> r.path().equals("./index.php")
                || r.path().equals("./hard-link.php")).toList();
        assertThat(pair).extracting(PathRecord::type).containsExactlyInAnyOrder('f', 'h');
        assertThat(pair).filteredOn(r -> r.type() == 'f').extracting(PathRecord::size).containsExactly(index.size());
        assertThat(pair).filteredOn(r -> r.type() == 'h').extracting(PathRecord::size).containsExactly(-1L);
        assertThat(paths).filteredOn(r -> !pair.contains(r)).containsExactlyElementsOf(expected.values().stream()
                .filter(r -> !r.path().equals("./index.php") && !r.path().equals("./hard-link.php")).toList());
        assertThat(paths).extracting(PathRecord::path).contains("./new\nline", "./latin1-\u00e9", "./a-b/f", "./a.b")
                .startsWith(".", "./a-b", "./a-b/f", "./a.b");
        assertThat(dir.resolve("work")).isEmptyDirectory();
    }

    private Path siteTree() throws IOException {
        Path tree = Files.createDirectory(dir.resolve("site"));
        ArchiveFixture.createSiteTree(tree);
        return tree;
    }
}
