package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external sort: order by unsigned bytes, runs spilled and merged, files cleaned up. */
class PathSorterTest {

    /** Prefixes that sort apart only by their next byte: '-' < '.' < '/' , and bytes above 0x7f last. */
    static final List<String> AWKWARD = List.of(".", "./a", "./a/b", "./a-b", "./a.b", "./a b", "./a\nb", "./a/b/c",
            "./a/b-c", "./a\tb", "./A", "./Z", "./a\u0001", "./\u0080", "./\u00ff", "./\u00e9t\u00e9", "./caf\u00c3\u00a9",
            "./new\nline.txt", "./-rf", "./$(touch pwned)", "./a//", "./~", "./a0", "./a/\u00ff/x");

    @TempDir
    Path dir;

    @Test
    void ordersPathsByUnsignedBytesAsCSortDoes() throws IOException {
        // given: awkward names, shuffled, and the real sort's order of the same bytes
        List<String> shuffled = new ArrayList<>(AWKWARD);
        Collections.shuffle(shuffled, new Random(1));
        byte[] cSorted = Processes.shOk(dir, nulSeparated(shuffled), "LC_ALL=C sort -z");
        // when: runs of 3 records, merged 2 at a time
        List<String> sorted;
        try (PathSorter sorter = new PathSorter(dir.resolve("work"), false, 3, Long.MAX_VALUE, 2)) {
            for (String path : shuffled) {
                sorter.add(PathRecord.of(path));
            }
            try (SortedPaths list = sorter.finish()) {
                sorted = paths(list);
            }
        }
        // then
        assertThat(sorted).containsExactly(split(cSorted).toArray(String[]::new));
        assertThat(sorted.subList(0, 6)).containsExactly(".", "./$(touch pwned)", "./-rf", "./A", "./Z", "./a");
    }

    @Test
    void sortsThousandsOfRandomNamesThroughManySpillsAndMergePasses() throws IOException {
        // given: 3,000 names of random bytes (newlines, 0x80-0xff, spaces), sizes and types to keep
        Random random = new Random(20261129);
        TreeMap<String, PathRecord> expected = new TreeMap<>();
        List<PathRecord> given = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            PathRecord record = new PathRecord(randomPath(random), random.nextInt(100_000) - 1,
                    "fdlh?".charAt(random.nextInt(5)));
            given.add(record);
            expected.put(record.path(), record);
        }
        Path work = dir.resolve("work");
        // when: runs of 7 records (hundreds of runs), merged 3 at a time (several passes)
        try (PathSorter sorter = new PathSorter(work, false, 7, Long.MAX_VALUE, 3)) {
            for (PathRecord record : given) {
                sorter.add(record);
            }
            assertThat(filesIn(work)).as("runs spilled while adding").hasSizeGreaterThan(400);
            try (SortedPaths list = sorter.finish()) {
                // then: each path once, in order, with its size and type; one file left: the list
                assertThat(records(list)).containsExactlyElementsOf(expected.values());
                assertThat(list.count()).isEqualTo(expected.size());
                assertThat(filesIn(work)).hasSize(1);
            }
        }
        assertThat(filesIn(work)).as("the list's file, once closed").isEmpty();
    }

    @Test
    void aPathGivenTwiceIsKeptOnceAsGivenLast() throws IOException {
        // given: ./x early, in a first run, and again late, in another run; ./y twice in one run
        try (PathSorter sorter = new PathSorter(dir, false, 2, Long.MAX_VALUE, 2)) {
            sorter.add(new PathRecord("./x", 1, PathRecord.FILE));
            for (String filler : List.of("./a", "./b", "./c", "./d", "./e")) {
                sorter.add(PathRecord.of(filler));
            }
            sorter.add(new PathRecord("./x", 2, PathRecord.DIRECTORY));
            sorter.add(new PathRecord("./y", 3, PathRecord.FILE));
            sorter.add(new PathRecord("./y", 4, PathRecord.FILE));
            // when
            try (SortedPaths list = sorter.finish()) {
                // then
                assertThat(records(list)).filteredOn(r -> r.path().compareTo("./x") >= 0).containsExactly(
                        new PathRecord("./x", 2, PathRecord.DIRECTORY), new PathRecord("./y", 4, PathRecord.FILE));
                assertThat(list.count()).isEqualTo(7);
            }
        }
    }

    @Test
    void aRunIsSpilledWhenItsHeapEstimateIsReachedBeforeItsRecordCount() throws IOException {
        // given: room for 100,000 records but 2 KB of heap: about a dozen records of 100-byte names
        Path work = dir.resolve("work");
        try (PathSorter sorter = new PathSorter(work, false, 100_000, 2048, 64)) {
            // when
            for (int i = 0; i < 40; i++) {
                sorter.add(PathRecord.of("./" + "x".repeat(100) + i));
            }
            // then
            assertThat(filesIn(work)).hasSizeBetween(2, 20);
        }
    }

    @Test
    void descendingPutsWhatIsUnderAFolderBeforeTheFolder() throws IOException {
        // given
        try (PathSorter sorter = PathSorter.descending(dir)) {
            for (String path : List.of("./a", "./a/b", "./a-b", "./a/b/c", "./a.b", ".")) {
                sorter.add(PathRecord.of(path));
            }
            // when
            try (SortedPaths list = sorter.finish()) {
                // then
                assertThat(list.descending()).isTrue();
                assertThat(paths(list)).containsExactly("./a/b/c", "./a/b", "./a.b", "./a-b", "./a", ".");
            }
        }
    }

    @Test
    void closingAnUnfinishedSorterDeletesItsRuns() throws IOException {
        // given
        Path work = dir.resolve("work");
        PathSorter sorter = new PathSorter(work, false, 2, Long.MAX_VALUE, 2);
        for (int i = 0; i < 9; i++) {
            sorter.add(PathRecord.of("./" + i));
        }
        assertThat(filesIn(work)).hasSize(4);
        // when
        sorter.close();
        // then
        assertThat(filesIn(work)).isEmpty();
    }

    @Test
    void nothingAddedGivesAnEmptyListThatCanBeReadTwice() throws IOException {
        // given
        try (PathSorter sorter = new PathSorter(dir); SortedPaths list = sorter.finish()) {
            // when / then
            assertThat(list.count()).isZero();
            assertThat(paths(list)).isEmpty();
            assertThat(paths(list)).isEmpty();
        }
    }

    static String randomPath(Random random) {
        StringBuilder path = new StringBuilder("./");
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            // mostly a few letters, '/', '-', '.', so that prefixes are shared; sometimes any byte but NUL
            path.append(random.nextInt(4) == 0 ? (char) (1 + random.nextInt(255)) : "ab/-. \n\u00e9".charAt(random.nextInt(8)));
        }
        return path.toString();
    }

    static List<String> paths(SortedPaths list) throws IOException {
        return records(list).stream().map(PathRecord::path).toList();
    }

    static List<PathRecord> records(SortedPaths list) throws IOException {
        List<PathRecord> records = new ArrayList<>();
        try (SortedPaths.Reader reader = list.reader()) {
            for (PathRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }

    static SortedPaths sorted(Path work, PathRecord... records) throws IOException {
        try (PathSorter sorter = new PathSorter(work, false, 2, Long.MAX_VALUE, 2)) {
            for (PathRecord record : records) {
                sorter.add(record);
            }
            return sorter.finish();
        }
    }

    private static byte[] nulSeparated(List<String> paths) {
        StringBuilder text = new StringBuilder();
        paths.forEach(p -> text.append(p).append('\0'));
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> split(byte[] nulSeparated) {
        String text = new String(nulSeparated, StandardCharsets.ISO_8859_1);
        return List.of(text.substring(0, text.length() - 1).split("\0", -1));
    }

    private static List<Path> filesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
