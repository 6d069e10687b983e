package org.backupbatch.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts any number of paths into a {@link SortedPaths} with bounded memory: an external merge
 * sort. Records gather in memory until a run is full (100,000 records or about 8 MB of heap),
 * which is sorted and spilled to a file of the work folder; {@link #finish()} merges the runs,
 * at most 64 at a time, into one file. A site of a million files then needs a few MB of heap,
 * not the hundreds that a set of its paths takes.
 * <p>
 * A path given twice is kept once, the last one given winning, as when {@code tar x} writes the
 * same name twice. Every file it makes is deleted when it is merged or when the sorter is closed,
 * unless it has become the finished list, which its owner closes.
 */
public final class PathSorter implements AutoCloseable {

    static final int RUN_RECORDS = 100_000;
    static final long RUN_HEAP_BYTES = 8L * 1024 * 1024;
    static final int FAN_IN = 64;
    /** The heap a record takes besides its path bytes: record, string, array headers, list slot. */
    private static final int RECORD_OVERHEAD = 80;

    /** A sorted file and how many records it holds. */
    private record Run(Path file, long count) {
    }

    /** The current record of one run being merged; ties go to the earlier run. */
    private record Head(PathRecord record, int run) {
    }

    private final Path workFolder;
    private final boolean descending;
    private final Comparator<PathRecord> order;
    private final int runRecords;
    private final long runHeapBytes;
    private final int fanIn;
    private final List<PathRecord> run = new ArrayList<>();
    private long runBytes;
    private List<Run> runs = new ArrayList<>();
    private final List<Path> temporary = new ArrayList<>();
    private boolean finished;

    /** Sorts from the first path to the last; files go to {@code workFolder}, created if missing. */
    public PathSorter(Path workFolder) throws IOException {
        this(workFolder, false, RUN_RECORDS, RUN_HEAP_BYTES, FAN_IN);
    }

    /** Sorts from the last path to the first: what is under a folder comes before the folder. */
    public static PathSorter descending(Path workFolder) throws IOException {
        return new PathSorter(workFolder, true, RUN_RECORDS, RUN_HEAP_BYTES, FAN_IN);
    }

    /**
     * @param runRecords   records held in memory before a run is spilled
     * @param runHeapBytes the estimated heap, in bytes, of the records held before a run is spilled
     * @param fanIn        how many runs one merge reads at once; at least 2
     */
    PathSorter(Path workFolder, boolean descending, int runRecords, long runHeapBytes, int fanIn) throws IOException {
        if (fanIn < 2 || runRecords < 1) {
            throw new IllegalArgumentException("fanIn >= 2 and runRecords >= 1");
        }
        this.workFolder = PrivateFiles.folder(workFolder);
        this.descending = descending;
        this.order = descending ? Comparator.comparing(PathRecord::path).reversed() : PathRecord::compare;
        this.runRecords = runRecords;
        this.runHeapBytes = runHeapBytes;
        this.fanIn = fanIn;
    }

    public void add(PathRecord record) throws IOException {
        if (finished) {
            throw new IllegalStateException("the sorter is finished");
        }
        run.add(record);
        runBytes += record.path().length() + RECORD_OVERHEAD;
        if (run.size() >= runRecords || runBytes >= runHeapBytes) {
            spill();
        }
    }

    /** Sorts what was added; the caller owns (and closes) the list. No record may be added after. */
    public SortedPaths finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("the sorter is finished");
        }
        if (!run.isEmpty() || runs.isEmpty()) {
            spill();
        }
        while (runs.size() > 1) {
            mergePass();
        }
        finished = true;
        Run last = runs.get(0);
        temporary.remove(last.file());
        return new SortedPaths(last.file(), last.count(), descending);
    }

    private void spill() throws IOException {
        run.sort(order); // stable: of two equal paths, the last added stays last
        Path file = newFile();
        try (LastWins out = new LastWins(file)) {
            for (PathRecord record : run) {
                out.add(record);
            }
            runs.add(new Run(file, out.finish()));
        }
        run.clear();
        runBytes = 0;
    }

    /** Merges consecutive groups of runs, keeping their order so that the last path given still wins. */
    private void mergePass() throws IOException {
        List<Run> merged = new ArrayList<>();
        for (int from = 0; from < runs.size(); from += fanIn) {
            List<Run> group = runs.subList(from, Math.min(from + fanIn, runs.size()));
            merged.add(group.size() == 1 ? group.get(0) : merge(group));
        }
        runs = merged;
    }

    private Run merge(List<Run> group) throws IOException {
        Path file = newFile();
        long count;
        List<RecordCodec.Input> inputs = new ArrayList<>();
        try (LastWins out = new LastWins(file)) {
            PriorityQueue<Head> heads = new PriorityQueue<>(group.size(),
                    Comparator.comparing(Head::record, order).thenComparingInt(Head::run));
            for (int i = 0; i < group.size(); i++) {
                inputs.add(new RecordCodec.Input(Files.newInputStream(group.get(i).file())));
                push(heads, inputs, i);
            }
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                out.add(head.record());
                push(heads, inputs, head.run());
            }
            count = out.finish();
        } finally {
            for (RecordCodec.Input input : inputs) {
                input.close();
            }
        }
        for (Run done : group) {
            Files.delete(done.file());
            temporary.remove(done.file());
        }
        return new Run(file, count);
    }

    private static void push(PriorityQueue<Head> heads, List<RecordCodec.Input> inputs, int run) throws IOException {
        PathRecord next = inputs.get(run).next();
        if (next != null) {
            heads.add(new Head(next, run));
        }
    }

    private Path newFile() throws IOException {
        Path file = PrivateFiles.tempFile(workFolder, "paths-", ".run");
        temporary.add(file);
        return file;
    }

    /** Deletes every file the sorter made but the finished list. */
    @Override
    public void close() throws IOException {
        run.clear();
        for (Path file : temporary) {
            Files.deleteIfExists(file);
        }
        temporary.clear();
    }

    /** Writes sorted records, a run of equal paths as its last record only. */
    private static final class LastWins implements AutoCloseable {
        private final OutputStream out;
        private PathRecord pending;
        private long written;

        LastWins(Path file) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        }

        void add(PathRecord record) throws IOException {
            if (pending != null && !pending.path().equals(record.path())) {
                RecordCodec.write(out, pending);
                written++;
            }
            pending = record;
        }

        /** Writes the last record and flushes; returns how many records were written. */
        long finish() throws IOException {
            if (pending != null) {
                RecordCodec.write(out, pending);
                written++;
                pending = null;
            }
            out.flush();
            return written;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
