package org.backupbatch.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Chooses which paths of a site go into the backup, from the NUL-separated, pre-order listing
 * that {@code find . -print0} gives ({@code .}, {@code ./a}, {@code ./a/b}, …), and writes the
 * chosen ones, NUL-separated, for {@code tar --null --no-recursion -T -}.
 * <p>
 * No include pattern: everything is included. A path matched by an include is included with its
 * whole subtree, and its parent folders too (so their modes and mtimes are kept). A path matched
 * by an exclude is left out with its whole subtree; excludes win over includes. The root itself
 * is always included. Memory holds one branch of the tree, never the listing.
 */
public final class FileSelector {

    private final List<GlobPattern> includes;
    private final List<GlobPattern> excludes;

    public FileSelector(List<String> includePatterns, List<String> excludePatterns) {
        this.includes = includePatterns.stream().map(GlobPattern::compile).toList();
        this.excludes = excludePatterns.stream().map(GlobPattern::compile).toList();
    }

    /** One path of the current branch, what was decided for it, and whether it was written. */
    private static final class Node {
        final String path;
        final boolean included;
        final boolean excluded;
        boolean written;

        Node(String path, boolean included, boolean excluded) {
            this.path = path;
            this.included = included;
            this.excluded = excluded;
        }
    }

    /**
     * Reads the listing and writes the selection.
     *
     * @return how many paths were selected, the root included
     */
    public long select(InputStream findListing, OutputStream selection) throws IOException {
        InputStream in = new BufferedInputStream(findListing);
        OutputStream out = new BufferedOutputStream(selection);
        Walk walk = walk();
        long selected = 0;
        String path;
        while ((path = next(in)) != null) {
            selected += walk.offer(path, p -> write(out, p));
        }
        out.flush();
        return selected;
    }

    /** A walk over a listing given path by path, for a caller that carries more than names (a size). */
    public Walk walk() {
        return new Walk();
    }

    /** Where a walk writes the paths it selects. */
    @FunctionalInterface
    public interface Sink {
        void write(String path) throws IOException;
    }

    /** The decisions of one pass over a pre-order listing; memory holds one branch of the tree. */
    public final class Walk {

        private final Deque<Node> branch = new ArrayDeque<>();

        private Walk() {
        }

        /**
         * Decides for the next path of the listing and writes it, after those of its folders not
         * written yet, when it is selected.
         *
         * @return how many paths were written: 0 when this one is not selected
         */
        public long offer(String path, Sink sink) throws IOException {
            while (!branch.isEmpty() && !path.startsWith(branch.peek().path + "/")) {
                branch.pop();
            }
            Node node = decide(path, branch.peek());
            long written = 0;
            if (node.included) {
                written = writeAncestors(branch, sink);
                sink.write(path);
                node.written = true;
                written++;
            }
            branch.push(node);
            return written;
        }
    }

    private Node decide(String path, Node parent) {
        if (path.equals(".")) {
            return new Node(path, true, false);
        }
        if (parent != null && parent.excluded) {
            return new Node(path, false, true);
        }
        String relative = path.startsWith("./") ? path.substring(2) : path;
        if (excludes.stream().anyMatch(p -> p.matches(relative))) {
            return new Node(path, false, true);
        }
        boolean parentIncluded = parent != null && parent.included && !parent.path.equals(".");
        boolean included = includes.isEmpty() || parentIncluded
                || includes.stream().anyMatch(p -> p.matches(relative));
        return new Node(path, included, false);
    }

    private static long writeAncestors(Deque<Node> branch, Sink out) throws IOException {
        long written = 0;
        var it = branch.descendingIterator();
        while (it.hasNext()) {
            Node n = it.next();
            if (!n.written) {
                out.write(n.path);
                n.written = true;
                written++;
            }
        }
        return written;
    }

    private static void write(OutputStream out, String path) throws IOException {
        out.write(path.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
    }

    private static String next(InputStream in) throws IOException {
        ByteArrayOutputStream name = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1 && b != 0) {
            name.write(b);
        }
        if (b == -1 && name.size() == 0) {
            return null;
        }
        return name.toString(StandardCharsets.ISO_8859_1);
    }
}
