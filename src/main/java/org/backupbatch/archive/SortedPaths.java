package org.backupbatch.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A list of paths in a file of a work folder, sorted by unsigned bytes (or the reverse), each path
 * once: what a backup or a site holds, for a million files as for ten, without holding it in
 * memory. Made by a {@link PathSorter}; read it as often as needed, one {@link Reader} at a time
 * or several; {@link #close()} deletes the file.
 */
public final class SortedPaths implements AutoCloseable {

    private final Path file;
    private final long count;
    private final boolean descending;

    SortedPaths(Path file, long count, boolean descending) {
        this.file = file;
        this.count = count;
        this.descending = descending;
    }

    /** How many paths the list holds. */
    public long count() {
        return count;
    }

    /** Whether the list runs from the last path to the first (deepest first). */
    public boolean descending() {
        return descending;
    }

    /** A new reader from the first record; the caller closes it. */
    public Reader reader() throws IOException {
        return new Reader(new RecordCodec.Input(Files.newInputStream(file)));
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Streams the records in the list's order. */
    public static final class Reader implements AutoCloseable {
        private final RecordCodec.Input input;

        private Reader(RecordCodec.Input input) {
            this.input = input;
        }

        /** @return the next record, or null after the last */
        public PathRecord next() throws IOException {
            return input.next();
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }
}
