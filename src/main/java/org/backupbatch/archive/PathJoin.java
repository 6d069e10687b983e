package org.backupbatch.archive;

import java.io.IOException;

/**
 * Compares two sorted lists of paths in one pass, reading each once, holding one record of each:
 * a merge join. It tells the paths only in the first list, those only in the second, and those in
 * both whose sizes differ: what mirror mode must delete, and what a restore's check must report.
 */
public final class PathJoin {

    private PathJoin() {
    }

    /** What the join found; every method does nothing unless overridden. Calls come in path order. */
    public interface Listener {

        default void onlyInA(PathRecord a) throws IOException {
        }

        default void onlyInB(PathRecord b) throws IOException {
        }

        /** A path in both lists with other sizes (-1, no size, differs from any size). */
        default void sizesDiffer(PathRecord a, PathRecord b) throws IOException {
        }
    }

    /**
     * Joins two lists sorted from the first path to the last.
     *
     * @throws IllegalArgumentException when either list runs the other way
     */
    public static void join(SortedPaths a, SortedPaths b, Listener listener) throws IOException {
        if (a.descending() || b.descending()) {
            throw new IllegalArgumentException("a join reads lists sorted from the first path to the last");
        }
        try (SortedPaths.Reader ra = a.reader(); SortedPaths.Reader rb = b.reader()) {
            PathRecord left = ra.next();
            PathRecord right = rb.next();
            while (left != null || right != null) {
                int c = left == null ? 1 : right == null ? -1 : PathRecord.compare(left, right);
                if (c < 0) {
                    listener.onlyInA(left);
                    left = ra.next();
                } else if (c > 0) {
                    listener.onlyInB(right);
                    right = rb.next();
                } else {
                    if (left.size() != right.size()) {
                        listener.sizesDiffer(left, right);
                    }
                    left = ra.next();
                    right = rb.next();
                }
            }
        }
    }
}
