package org.backupbatch.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.backupbatch.errors.FatalError;

/**
 * Stitches the final {@code .tar.gz} from gzip members, as PRODUCT §4 describes: the files
 * member as the server compressed it (a tar stream without end blocks), a small member holding
 * the tar header of {@code database.sql}, the dump member as the server compressed it, and a
 * trailer member with the padding of the dump, {@code manifest.json} and the tar end blocks.
 * Nothing is decompressed or recompressed; each received member is re-hashed while copied and
 * must match the sum recorded when it was received (its content was checked as it arrived, from
 * the same bytes), and the header member it makes is read back: so the archive's own check need
 * not gunzip the archive again (see {@link ArchiveSumCheck}).
 */
public final class ArchiveAssembler {

    /** A gzip member received from the server and kept in the work folder. */
    public record ReceivedPart(Path gzFile, String sha256) {
    }

    /**
     * One stream of a split files part, in the order they go into the archive.
     *
     * @param name {@link Manifest#FILES_STORED} or {@link Manifest#FILES_GZIP}
     */
    public record FilesStream(String name, ReceivedPart part) {
    }

    /** The dump, with what its tar header needs: its uncompressed size and a timestamp. */
    public record DumpPart(ReceivedPart part, long uncompressedBytes, Instant modified) {
    }

    /** What was written: the manifest as stored and the sum and size of the whole file. */
    public record Result(Manifest manifest, String sha256, long length) {
    }

    /**
     * Writes the archive.
     *
     * @param root            the top folder inside the archive, {@code backup-<id>}
     * @param files           the files member, or null when the backup has no files part
     * @param dump            the dump, or null when the site has no database
     * @param manifestFactory builds the manifest once the member ranges are known
     */
    public Result assemble(Path target, String root, ReceivedPart files, DumpPart dump,
            Function<List<Manifest.Member>, Manifest> manifestFactory) throws IOException {
        return assemble(target, root, files, dump, manifestFactory, n -> { });
    }

    /**
     * Writes the archive, telling {@code progress} how many bytes each write adds to it.
     *
     * @see #assemble(Path, String, ReceivedPart, DumpPart, Function)
     */
    public Result assemble(Path target, String root, ReceivedPart files, DumpPart dump,
            Function<List<Manifest.Member>, Manifest> manifestFactory, LongConsumer progress) throws IOException {
        return assemble(target, root, files == null ? List.of() : List.of(new FilesStream(Manifest.FILES, files)),
                dump, manifestFactory, progress);
    }

    /**
     * Writes the archive from a files part received as several streams (each a tar stream
     * without end blocks, in one gzip member or more): they follow each other in the
     * {@code files} member, and each is recorded as a member of its own inside it. One stream
     * named {@code files} makes the archive of an unsplit backup.
     *
     * @param files the streams in order; empty when the backup has no files part
     */
    public Result assemble(Path target, String root, List<FilesStream> files, DumpPart dump,
            Function<List<Manifest.Member>, Manifest> manifestFactory, LongConsumer progress) throws IOException {
        MessageDigest whole = Sha256.newDigest();
        List<Manifest.Member> members = new ArrayList<>();
        try (Streams.Counting out = new Streams.Counting(new Streams.Metered(
                new DigestOutputStream(PrivateFiles.newOutputStream(target), whole), progress))) {
            if (files.size() == 1) {
                copyMember(Manifest.FILES, files.get(0).part(), out, members);
            } else if (!files.isEmpty()) {
                copyStreams(files, out, members);
            }
            return finish(root, dump, manifestFactory, whole, members, out);
        }
    }

    /**
     * Writes the archive onto the files part itself, which becomes its start (an incremental
     * night's part, as large as the site: copying it would write it all a second time). The part
     * is renamed to {@code target}, hashed where it lies (its sum must be the one recorded), and
     * the rest is appended.
     */
    public Result assembleOnto(Path target, String root, ReceivedPart files, DumpPart dump,
            Function<List<Manifest.Member>, Manifest> manifestFactory, LongConsumer progress) throws IOException {
        java.nio.file.Files.move(files.gzFile(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        MessageDigest whole = Sha256.newDigest();
        MessageDigest part = Sha256.newDigest();
        long length;
        try (InputStream in = new Streams.MeteredInput(Files.newInputStream(target), progress)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            long total = 0;
            while ((n = in.read(buffer)) != -1) {
                whole.update(buffer, 0, n);
                part.update(buffer, 0, n);
                total += n;
            }
            length = total;
        }
        String sha = Sha256.hex(part);
        if (!sha.equals(files.sha256())) {
            throw new FatalError("work file " + files.gzFile() + " changed since it was written (sha256 " + sha
                    + ", expected " + files.sha256() + ")");
        }
        List<Manifest.Member> members = new ArrayList<>();
        members.add(new Manifest.Member(Manifest.FILES, 0, length, sha));
        try (Streams.Counting out = new Streams.Counting(new Streams.Metered(new DigestOutputStream(
                Files.newOutputStream(target, java.nio.file.StandardOpenOption.APPEND), whole), progress), length)) {
            return finish(root, dump, manifestFactory, whole, members, out);
        }
    }

    /** The dump's members and the trailer, after the files part. */
    private Result finish(String root, DumpPart dump, Function<List<Manifest.Member>, Manifest> manifestFactory,
            MessageDigest whole, List<Manifest.Member> members, Streams.Counting out) throws IOException {
        if (dump != null) {
            writeMember("database-header", dumpHeader(root, dump), out, members);
            copyMember("database", dump.part(), out, members);
        }
        Manifest manifest = manifestFactory.apply(List.copyOf(members));
        long padding = dump == null ? 0 : pad(dump.uncompressedBytes());
        out.write(trailer(root, padding, manifest));
        out.flush();
        return new Result(manifest, Sha256.hex(whole), out.count());
    }

    /** The streams one after the other: the {@code files} member first, then each stream's range in it. */
    private static void copyStreams(List<FilesStream> files, Streams.Counting out, List<Manifest.Member> members)
            throws IOException {
        long offset = out.count();
        MessageDigest all = Sha256.newDigest();
        List<Manifest.Member> inside = new ArrayList<>();
        OutputStream both = new DigestOutputStream(shield(out), all);
        for (FilesStream stream : files) {
            copyMember(stream.name(), stream.part(), both, out, inside);
        }
        members.add(new Manifest.Member(Manifest.FILES, offset, out.count() - offset, Sha256.hex(all)));
        members.addAll(inside);
    }

    private static void copyMember(String name, ReceivedPart part, Streams.Counting out,
            List<Manifest.Member> members) throws IOException {
        copyMember(name, part, shield(out), out, members);
    }

    /** @param target where the bytes go: {@code out}, or a stream that writes into it */
    private static void copyMember(String name, ReceivedPart part, OutputStream target, Streams.Counting out,
            List<Manifest.Member> members) throws IOException {
        long offset = out.count();
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(part.gzFile())) {
            in.transferTo(new DigestOutputStream(target, digest));
        }
        String sha = Sha256.hex(digest);
        if (!sha.equals(part.sha256())) {
            throw new FatalError("work file " + part.gzFile() + " changed since it was received (sha256 " + sha
                    + ", expected " + part.sha256() + ")");
        }
        members.add(new Manifest.Member(name, offset, out.count() - offset, sha));
    }

    private static void writeMember(String name, byte[] gz, Streams.Counting out,
            List<Manifest.Member> members) throws IOException {
        long offset = out.count();
        out.write(gz);
        MessageDigest digest = Sha256.newDigest();
        digest.update(gz);
        members.add(new Manifest.Member(name, offset, gz.length, Sha256.hex(digest)));
    }

    private static byte[] dumpHeader(String root, DumpPart dump) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(root + "/database.sql");
        entry.setSize(dump.uncompressedBytes());
        entry.setMode(0100640);
        entry.setModTime(dump.modified().toEpochMilli());
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
        byte[] gz = gzip(header);
        checkHeader(gz, entry);
        return gz;
    }

    /**
     * Reads back the header member it made (the one piece of the archive between two received
     * members that no other check reads): the archive's verification does not gunzip it again.
     */
    private static void checkHeader(byte[] gz, TarArchiveEntry written) throws IOException {
        byte[] plain;
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            plain = in.readAllBytes();
        }
        TarArchiveEntry read = plain.length == 512 ? new TarArchiveEntry(plain) : null;
        if (read == null || !read.getName().equals(written.getName()) || read.getSize() != written.getSize()) {
            throw new FatalError("the tar header made for " + written.getName() + " does not read back as written");
        }
    }

    private static byte[] trailer(String root, long padding, Manifest manifest) throws IOException {
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        tarBytes.write(new byte[(int) padding]);
        byte[] json = manifest.toJson();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, 512)) {
            TarArchiveEntry entry = new TarArchiveEntry(root + "/manifest.json");
            entry.setSize(json.length);
            entry.setMode(0100644);
            entry.setModTime(System.currentTimeMillis());
            tar.putArchiveEntry(entry);
            tar.write(json);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return gzip(tarBytes.toByteArray());
    }

    static long pad(long size) {
        return (512 - size % 512) % 512;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static OutputStream shield(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the archive stream is owned by assemble()
            }
        };
    }
}
