package org.backupbatch.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tonight's selection against the last backup's entry map: each selected path, in the
 * listing's order (folders before what they hold), is either taken over from the last backup (its
 * listing says nothing changed: {@link ListedEntry#sameAs}) or fetched from the host. Deleted
 * paths are simply not in the listing. The fetched ones are written as two lists for
 * {@code tar --null --no-recursion -T -}: files whose name says they do not compress, and the rest.
 */
public final class IncrementalPlan {

    /** A selected path and, when it is taken over, the last backup's entry. */
    private record Item(String path, FileEntry reused, long size) {
    }

    /**
     * The fetch lists.
     *
     * @param gzipCount   paths in the list gzipped on the host
     * @param storedCount paths in the list sent as plain tar
     */
    public record FetchLists(Path gzip, Path stored, long gzipCount, long storedCount) {
    }

    private final List<Item> items;

    private IncrementalPlan(List<Item> items) {
        this.items = items;
    }

    /** Reads the detailed listing ({@link ListedEntry#FIND}) and selects with {@code selector}. */
    public static IncrementalPlan of(Path listing, FileSelector selector, Map<String, FileEntry> reference)
            throws IOException {
        Map<String, ListedEntry> listed = new HashMap<>();
        List<String> order = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(listing), 1 << 16)) {
            ListedEntry e;
            while ((e = ListedEntry.next(in)) != null) {
                listed.put(e.path(), e);
                order.add(e.path());
            }
        }
        List<Item> items = new ArrayList<>();
        FileSelector.Walk walk = selector.walk();
        for (String path : order) {
            walk.offer(path, p -> {
                ListedEntry now = listed.get(p);
                FileEntry before = reference.get(p);
                items.add(new Item(p, now.sameAs(before) ? before : null, now.size()));
            });
        }
        return new IncrementalPlan(items);
    }

    /** The regular files taken over, for the content check. */
    public List<FileEntry> reusedFiles() {
        return items.stream().map(Item::reused).filter(e -> e != null && e.type() == 'f').toList();
    }

    /** Fetches these paths after all (the host's content differs from the last backup's). */
    public void refetch(Set<String> paths) {
        items.replaceAll(i -> i.reused() != null && paths.contains(i.path()) ? new Item(i.path(), null, i.size()) : i);
    }

    public long selected() {
        return items.size();
    }

    /** Writes the paths to fetch, in order, into {@code files.gzip.selected} and {@code files.stored.selected}. */
    public FetchLists writeFetchLists(Path workDir) throws IOException {
        Path gzip = workDir.resolve("files.gzip.selected");
        Path stored = workDir.resolve("files.stored.selected");
        long g = 0;
        long s = 0;
        try (OutputStream gz = new BufferedOutputStream(PrivateFiles.newOutputStream(gzip), 1 << 16);
                OutputStream st = new BufferedOutputStream(PrivateFiles.newOutputStream(stored), 1 << 16)) {
            for (Item i : items) {
                if (i.reused() != null) {
                    continue;
                }
                // by name only (no sampling on an incremental night): a large file sent gzipped costs the host CPU, not bytes
                boolean plain = Compressibility.byName(i.path(), i.size()) == Compressibility.Kind.STORED;
                OutputStream out = plain ? st : gz;
                out.write(i.path().getBytes(StandardCharsets.ISO_8859_1));
                out.write(0);
                if (plain) {
                    s++;
                } else {
                    g++;
                }
            }
        }
        return new FetchLists(gzip, stored, g, s);
    }

    /**
     * The entries of tonight's part, in order: taken over from {@code reference}, or read from
     * tonight's {@code fetched} ones. A path fetched but not sent (it vanished between the listing
     * and tar) is left out, as a full backup leaves it out.
     */
    public List<IncrementalFiles.Pick> picks(IncrementalFiles.Members reference, IncrementalFiles.Members fetched) {
        List<IncrementalFiles.Pick> picks = new ArrayList<>(items.size());
        for (Item i : items) {
            if (i.reused() != null) {
                FileEntry located = reference.entries().get(i.path());
                picks.add(new IncrementalFiles.Pick(located, true));
            } else if (fetched.entries().containsKey(i.path())) {
                picks.add(new IncrementalFiles.Pick(fetched.entries().get(i.path()), false));
            }
        }
        return picks;
    }
}
