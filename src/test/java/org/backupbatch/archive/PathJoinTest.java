package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backupbatch.archive.PathSorterTest.sorted;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge join of two sorted lists: only in A, only in B, sizes differing, in one pass. */
class PathJoinTest {

    @TempDir
    Path dir;

    /** Every call of the listener, as text, in order. */
    private final List<String> calls = new ArrayList<>();
    private final PathJoin.Listener recorder = new PathJoin.Listener() {
        @Override
        public void onlyInA(PathRecord a) {
            calls.add("A " + a.path());
        }

        @Override
        public void onlyInB(PathRecord b) {
            calls.add("B " + b.path());
        }

        @Override
        public void sizesDiffer(PathRecord a, PathRecord b) {
            calls.add("size " + a.path() + " " + a.size() + "/" + b.size());
        }
    };

    @Test
    void tellsPathsOnlyInEitherListAndSizesThatDifferInPathOrder() throws IOException {
        // given: prefixes that sort apart by one byte, a folder in A that is a file in B
        try (SortedPaths a = sorted(dir, file(".", -1), file("./a", -1), file("./a/b", 5), file("./a-b", 1),
                file("./same", 7), file("./x", 3));
                SortedPaths b = sorted(dir, file(".", -1), file("./a", 4), file("./a.b", 2), file("./a/b", 5),
                        file("./same", 7), file("./x", 30), file("./z\nnew", 0))) {
            // when
            PathJoin.join(a, b, recorder);
        }
        // then
        assertThat(calls).containsExactly("size ./a -1/4", "A ./a-b", "B ./a.b", "size ./x 3/30", "B ./z\nnew");
    }

    @Test
    void anEmptyListMakesEveryPathOfTheOtherOnlyThere() throws IOException {
        // given
        try (SortedPaths empty = sorted(dir); SortedPaths b = sorted(dir, file("./b", 1), file("./a", 1))) {
            // when
            PathJoin.join(empty, b, recorder);
            PathJoin.join(b, empty, recorder);
            PathJoin.join(empty, empty, recorder);
        }
        // then
        assertThat(calls).containsExactly("B ./a", "B ./b", "A ./a", "A ./b");
    }

    @Test
    void agreesWithSetsOnRandomLists() throws IOException {
        // given: two random lists of awkward names, with some shared paths of equal or other sizes
        Random random = new Random(7);
        TreeMap<String, Long> left = new TreeMap<>();
        TreeMap<String, Long> right = new TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            String path = PathSorterTest.randomPath(random);
            int where = random.nextInt(3);
            if (where != 1) {
                left.put(path, (long) random.nextInt(3));
            }
            if (where != 0) {
                right.put(path, (long) random.nextInt(3));
            }
        }
        List<String> expected = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(left.keySet());
        all.addAll(right.keySet());
        for (String p : all) {
            if (!right.containsKey(p)) {
                expected.add("A " + p);
            } else if (!left.containsKey(p)) {
                expected.add("B " + p);
            } else if (!left.get(p).equals(right.get(p))) {
                expected.add("size " + p + " " + left.get(p) + "/" + right.get(p));
            }
        }
        // when
        try (SortedPaths a = sorted(dir, records(left)); SortedPaths b = sorted(dir, records(right))) {
            PathJoin.join(a, b, recorder);
        }
        // then
        assertThat(calls).hasSizeGreaterThan(1000).containsExactlyElementsOf(expected);
    }

    @Test
    void refusesADescendingList() throws IOException {
        // given
        try (PathSorter sorter = PathSorter.descending(dir); SortedPaths down = sorter.finish();
                SortedPaths up = sorted(dir)) {
            // when / then
            assertThatThrownBy(() -> PathJoin.join(up, down, recorder)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static PathRecord file(String path, long size) {
        return new PathRecord(path, size, size < 0 ? PathRecord.DIRECTORY : PathRecord.FILE);
    }

    /** The records of a map, shuffled: the sorter has work to do. */
    private static PathRecord[] records(TreeMap<String, Long> paths) {
        List<PathRecord> records = new ArrayList<>(paths.entrySet().stream().map(e -> file(e.getKey(), e.getValue()))
                .toList());
        Collections.shuffle(records, new Random(3));
        return records.toArray(PathRecord[]::new);
    }
}
