package org.backupbatch.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * The local half of an incremental night: where each entry's data member can be taken from, and
 * the files part written from them. The last backup's entries are read from its entry map (their
 * data members lie in its archive) or, for a backup that keeps its files as the host's streams
 * (a full one), cut from its files part once ({@link #fromStreams}: decompressed, and recompressed
 * member by member). What the host sent tonight is cut the same way ({@link #cut}). Then
 * {@link #write} goes through tonight's selection in order and copies each data member from the
 * one or the other.
 */
public final class IncrementalFiles {

    /**
     * Entries with their data members in {@code source}.
     *
     * @param base   where offset 0 of the entries' {@code dataOffset} lies in {@code source}
     * @param rebuilt whether the members were cut here from a backup's streams (not copied as they lie)
     */
    public record Members(Map<String, FileEntry> entries, Path source, long base, boolean rebuilt) {
    }

    /** One received stream of tonight: its work file (gzip) and whether its files are kept stored. */
    public record Stream(Path gzFile, boolean stored) {
    }

    /** The last backup's bytes are not those it was verified with, or are gone: the night must be full. */
    public static final class DamagedReference extends IOException {
        public DamagedReference(String message) {
            super(message);
        }
    }

    private IncrementalFiles() {
    }

    /** A backup cut into members: its entry map, its data members in its archive. */
    public static Members fromIndex(Path archive, Manifest manifest, Path index) throws IOException {
        if (!Files.isRegularFile(archive) || !Files.isRegularFile(index)) {
            throw new DamagedReference("the archive or the entry map of backup " + manifest.id() + " is gone");
        }
        if (!Sha256.of(index).equals(manifest.filesIndex().sha256())) {
            throw new DamagedReference("the entry map of backup " + manifest.id() + " differs from its manifest's sum");
        }
        return new Members(FilesIndex.read(index), archive, manifest.member(Manifest.FILES).offset(), false);
    }

    /**
     * A backup whose files part is the host's stream(s): cut into members in {@code target}
     * (stored what was stored, the rest deflated at {@code level}).
     */
    public static Members fromStreams(Path archive, Manifest manifest, Path target, int level) throws IOException {
        // checked against the manifest's sums of its ranges as they are read (cutRange)
        String root = "backup-" + manifest.id() + "/files";
        Manifest.Member stored = manifest.member(Manifest.FILES_STORED);
        Manifest.Member gzip = manifest.member(Manifest.FILES_GZIP);
        Map<String, FileEntry> entries = new HashMap<>();
        try (Streams.Counting out = new Streams.Counting(new BufferedOutputStream(
                PrivateFiles.newOutputStream(target), 1 << 16))) {
            if (stored != null && gzip != null) {
                cutRange(archive, stored, root, new MemberCutter(out, 0), entries);
                cutRange(archive, gzip, root, new MemberCutter(out, level), entries);
            } else {
                cutRange(archive, manifest.member(Manifest.FILES), root, new MemberCutter(out, level), entries);
            }
        }
        return new Members(entries, target, 0, true);
    }

    /** Tonight's streams cut into members in {@code target}. */
    public static Members cut(List<Stream> streams, String filesRoot, Path target, int level) throws IOException {
        Map<String, FileEntry> entries = new HashMap<>();
        try (Streams.Counting out = new Streams.Counting(new BufferedOutputStream(
                PrivateFiles.newOutputStream(target), 1 << 16))) {
            for (Stream s : streams) {
                try (InputStream gz = new GzipCompressorInputStream(Files.newInputStream(s.gzFile()), true)) {
                    new MemberCutter(out, s.stored() ? 0 : level).cut(gz, filesRoot, e -> entries.put(e.path(), e));
                }
            }
        }
        return new Members(entries, target, 0, false);
    }

    /** Cuts one range of a backup's archive, checking its bytes against the manifest's sum for it. */
    private static void cutRange(Path archive, Manifest.Member range, String root, MemberCutter cutter,
            Map<String, FileEntry> entries) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new DamagedReference("the archive " + archive + " is gone");
        }
        java.security.MessageDigest digest = Sha256.newDigest();
        try (InputStream file = Files.newInputStream(archive)) {
            file.skipNBytes(range.offset());
            InputStream bounded = new java.security.DigestInputStream(BoundedInputStream.builder().setInputStream(file)
                    .setMaxCount(range.length()).setPropagateClose(false).get(), digest);
            try (InputStream gz = new GzipCompressorInputStream(bounded, true)) {
                cutter.cut(gz, root, e -> entries.put(e.path(), e));
                bounded.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                bounded.transferTo(java.io.OutputStream.nullOutputStream());
                if (!Sha256.hex(digest).equals(range.sha256())) {
                    throw new DamagedReference("member " + range.name() + " of " + archive + " differs from its sum");
                }
                throw e;
            }
        }
        if (!Sha256.hex(digest).equals(range.sha256())) {
            throw new DamagedReference("member " + range.name() + " of " + archive + " differs from its manifest's sum");
        }
    }

    /** Where one entry of tonight's part comes from. */
    public record Pick(FileEntry entry, boolean fromReference) {
    }

    /**
     * Writes tonight's files part: the entries in order, each data member copied from the last
     * backup ({@code fromReference}) or from tonight's cut.
     */
    public static FilesPartWriter.Result write(Path part, Path index, String filesRoot, int level,
            Iterable<Pick> picks, Members reference, Members tonight) throws IOException {
        try (FileChannel ref = FileChannel.open(reference.source());
                FileChannel now = FileChannel.open(tonight.source());
                FilesPartWriter writer = new FilesPartWriter(part, index, filesRoot, level)) {
            for (Pick p : picks) {
                Members from = p.fromReference() ? reference : tonight;
                FileChannel channel = p.fromReference() ? ref : now;
                writer.add(p.entry(), channel, from.base() + p.entry().dataOffset(), p.fromReference());
            }
            return writer.finish();
        }
    }
}
