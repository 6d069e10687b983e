package org.backupbatch.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.backupbatch.errors.FatalError;

/**
 * Reads the files part as received from the server: one gzip member holding a tar stream
 * <em>without</em> its end blocks, every entry under {@code <root>/files}. A sentinel tar entry is
 * appended while reading: seeing it proves the stream is a whole number of complete entries and
 * holds no end-of-archive blocks that would hide what follows in the final archive.
 */
public final class TarContents {

    private static final String SENTINEL = "backup-batch-end-of-part";

    private TarContents() {
    }

    /**
     * Counts of a files part.
     *
     * @param bytes the sum of the regular files' sizes
     */
    public record Stats(long entries, long regularFiles, long directories, long symlinks, long bytes) {

        Stats add(TarArchiveEntry e) {
            // commons-compress counts anything that is not a folder as a "file": links are not
            boolean regular = e.isFile() && !e.isSymbolicLink() && !e.isLink();
            return new Stats(entries + 1, regularFiles + (regular ? 1 : 0),
                    directories + (e.isDirectory() ? 1 : 0), symlinks + (e.isSymbolicLink() ? 1 : 0),
                    bytes + (regular ? e.getSize() : 0));
        }
    }

    /** What both streams of a split files part hold together. */
    public static Stats sum(Stats a, Stats b) {
        return new Stats(a.entries() + b.entries(), a.regularFiles() + b.regularFiles(),
                a.directories() + b.directories(), a.symlinks() + b.symlinks(), a.bytes() + b.bytes());
    }

    /**
     * Reads a plain (not gzipped) files part as it crosses SSH, before it is wrapped into gzip
     * here; the same checks as {@link #inspectFilesPart(InputStream, String, String)}.
     */
    public static Stats inspectTarPart(InputStream tarStream, String filesRoot, String what) throws IOException {
        try {
            return inspectTar(tarStream, filesRoot, what);
        } catch (java.io.EOFException e) {
            throw new FatalError("files stream of " + what + " ends early: it is truncated", e);
        } catch (IOException e) {
            throw new FatalError("files stream of " + what + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Reads a gzipped files part from a file; see {@link #inspectFilesPart(InputStream, String, String)}. */
    public static Stats inspectFilesPart(Path gzFile, String filesRoot) throws IOException {
        try (InputStream in = Files.newInputStream(gzFile)) {
            return inspectFilesPart(in, filesRoot, gzFile.toString());
        }
    }

    /**
     * Reads a gzipped files part (every gzip member in it: the whole stream goes into the
     * archive) and throws {@link FatalError} when it is not whole or not ours.
     *
     * @param what names the stream in messages
     */
    public static Stats inspectFilesPart(InputStream gzStream, String filesRoot, String what) throws IOException {
        try {
            return inspect(gzStream, filesRoot, what);
        } catch (java.io.EOFException e) {
            throw new FatalError("files stream of " + what + " ends early: it is truncated", e);
        } catch (IOException e) {
            throw new FatalError("files stream of " + what + " is damaged: " + e.getMessage(), e);
        }
    }

    private static Stats inspect(InputStream gzStream, String filesRoot, String what) throws IOException {
        try (InputStream gz = new GzipCompressorInputStream(gzStream, true)) {
            return inspectTar(gz, filesRoot, what);
        }
    }

    private static Stats inspectTar(InputStream plain, String filesRoot, String what) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                        new SequenceInputStream(plain, new ByteArrayInputStream(sentinel())),
                        "ISO-8859-1")) {
            Stats stats = new Stats(0, 0, 0, 0, 0);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(SENTINEL)) {
                    return stats;
                }
                if (!isUnder(entry.getName(), filesRoot)) {
                    throw new FatalError("files stream holds an entry outside " + filesRoot + ": " + entry.getName());
                }
                stats = stats.add(entry);
            }
            throw new FatalError("files stream of " + what + " is incomplete or ends with tar end blocks");
        }
    }

    /**
     * The paths a files part holds, sorted, as {@code find} prints them from the restored folder
     * ({@code .}, {@code ./a}, {@code ./a/b}): size for regular files (-1 for the others), type
     * f, d, l or h. Memory stays bounded whatever the count: see {@link PathSorter}.
     *
     * @param workFolder where the sorter's files go; the list's file stays there until closed
     */
    public static SortedPaths paths(InputStream gzStream, String filesRoot, Path workFolder) throws IOException {
        try (PathSorter sorter = new PathSorter(workFolder);
                InputStream gz = new GzipCompressorInputStream(gzStream, true);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz, "ISO-8859-1")) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().endsWith("/")
                        ? entry.getName().substring(0, entry.getName().length() - 1) : entry.getName();
                if (isUnder(name, filesRoot)) {
                    sorter.add(record("." + name.substring(filesRoot.length()), entry));
                }
            }
            return sorter.finish();
        }
    }

    private static PathRecord record(String path, TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return new PathRecord(path, -1, PathRecord.SYMLINK);
        }
        if (entry.isLink()) {
            return new PathRecord(path, -1, PathRecord.HARD_LINK);
        }
        if (entry.isDirectory()) {
            return new PathRecord(path, -1, PathRecord.DIRECTORY);
        }
        // commons-compress calls a FIFO or a device a "file" too
        boolean special = entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice();
        return entry.isFile() && !special ? new PathRecord(path, entry.getSize(), PathRecord.FILE) : PathRecord.of(path);
    }

    static boolean isUnder(String name, String root) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return n.equals(root) || n.startsWith(root + "/");
    }

    private static byte[] sentinel() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, 512)) {
            TarArchiveEntry entry = new TarArchiveEntry(SENTINEL);
            entry.setSize(0);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return bytes.toByteArray();
    }
}
