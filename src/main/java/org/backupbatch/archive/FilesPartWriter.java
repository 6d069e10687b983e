package org.backupbatch.archive;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Writes a files part cut along file boundaries: each regular file's data (and its padding) is
 * a gzip member of its own, copied byte for byte from where it already lies (the last backup's
 * archive, or the members cut from what the host just sent); the tar headers between two data
 * members are written anew, together, as one small deflated member. The result is a tar stream
 * without end blocks in many gzip members, which the assembler stitches as it does the streams
 * of a full backup: {@code tar xzf} reads it as any other. Each copied member is hashed as it
 * passes; one that does not sum to what its entry map recorded is a damaged reference
 * ({@link IncrementalFiles.DamagedReference}): nothing is built on it. The entry map is written beside it
 * ({@link FilesIndex}), each entry with its data member's new range.
 */
public final class FilesPartWriter implements Closeable {

    /**
     * What was written.
     *
     * @param reusedBytes data member bytes copied from the last backup's archive
     */
    public record Result(String sha256, long length, TarContents.Stats stats, long reusedBytes, long indexEntries) {
    }

    private final String filesRoot;
    private final int headerLevel;
    private final MessageDigest digest = Sha256.newDigest();
    private final Streams.Counting out;
    private final FilesIndex.Writer index;
    private final ByteArrayOutputStream headers = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long entries;
    private long regular;
    private long dirs;
    private long symlinks;
    private long bytes;
    private long reused;
    private boolean finished;

    /**
     * @param filesRoot   {@code backup-<id>/files}
     * @param headerLevel the deflate level of the header members (1 to 9)
     */
    public FilesPartWriter(Path part, Path indexFile, String filesRoot, int headerLevel) throws IOException {
        this.filesRoot = filesRoot;
        this.headerLevel = headerLevel;
        OutputStream file = new java.io.BufferedOutputStream(PrivateFiles.newOutputStream(part), 1 << 16);
        this.out = new Streams.Counting(new DigestOutputStream(file, digest));
        this.index = new FilesIndex.Writer(indexFile);
    }

    /**
     * Adds an entry; its data member, when it has one, is {@code e.dataLength()} bytes of
     * {@code from} at {@code position}.
     *
     * @param fromReference whether those bytes come from the last backup's archive (counted as reused)
     */
    public void add(FileEntry e, FileChannel from, long position, boolean fromReference) throws IOException {
        TarHeaders.write(e, filesRoot, headers);
        count(e);
        if (!e.hasData()) {
            index.add(e.at(-1, 0));
            return;
        }
        flushHeaders();
        long offset = out.count();
        String sum = copy(from, position, e.dataLength());
        if (e.dataSha256() != null && !sum.equals(e.dataSha256())) {
            throw new IncrementalFiles.DamagedReference("the data member of " + e.path() + " at " + position
                    + " sums to " + sum + ", its entry map says " + e.dataSha256());
        }
        reused += fromReference ? e.dataLength() : 0;
        index.add(e.at(offset, e.dataLength(), sum));
    }

    /** Ends the part (no end blocks: the assembler's trailer has them) and the entry map. */
    public Result finish() throws IOException {
        flushHeaders();
        out.flush();
        finished = true;
        close();
        return new Result(Sha256.hex(digest), out.count(), new TarContents.Stats(entries, regular, dirs, symlinks,
                bytes), reused, index.count());
    }

    @Override
    public void close() throws IOException {
        try (OutputStream o = out; FilesIndex.Writer i = index) {
            if (!finished) {
                out.flush();
            }
        }
    }

    private void count(FileEntry e) {
        entries++;
        regular += e.type() == 'f' ? 1 : 0;
        dirs += e.type() == 'd' ? 1 : 0;
        symlinks += e.type() == 'l' ? 1 : 0;
        bytes += e.type() == 'f' ? e.size() : 0;
    }

    private void flushHeaders() throws IOException {
        if (headers.size() > 0) {
            GzipMember.write(out, headers.toByteArray(), 0, headers.size(), headerLevel);
            headers.reset();
        }
    }

    /** Copies a data member, and returns its sum: what the copy is checked against, and what the new map records. */
    private String copy(FileChannel from, long position, long length) throws IOException {
        MessageDigest member = Sha256.newDigest();
        long done = 0;
        while (done < length) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), length - done));
            int n = from.read(buffer, position + done);
            if (n < 0) {
                throw new IOException("data member at " + position + " ends early: " + done + " of " + length + " bytes");
            }
            out.write(buffer.array(), 0, n);
            member.update(buffer.array(), 0, n);
            done += n;
        }
        return Sha256.hex(member);
    }
}
