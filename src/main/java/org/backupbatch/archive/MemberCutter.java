package org.backupbatch.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Cuts a plain tar stream (a files part as the host sent it, without end blocks) into one gzip
 * member per regular file's data, data and padding, written one after the other into {@code out};
 * headers are not written (a {@link FilesPartWriter} writes them anew). Each entry is handed to
 * {@code sink} with its content's sha256 and its member's range in {@code out}. What comes from
 * the stream of files that do not compress is cut into stored members (level 0), the rest is
 * deflated at the backup's level.
 */
final class MemberCutter {

    private final Streams.Counting out;
    private final int level;

    /**
     * @param out   where the members go; offsets are its counts
     * @param level 0 (stored) to 9
     */
    MemberCutter(Streams.Counting out, int level) {
        this.out = out;
        this.level = level;
    }

    /**
     * Reads {@code plainTar} to its end.
     *
     * @param filesRoot {@code backup-<id>/files}, the root of every name in it
     * @return the entries read
     */
    long cut(InputStream plainTar, String filesRoot, Consumer<FileEntry> sink) throws IOException {
        long count = 0;
        byte[] buffer = new byte[1 << 16];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new SequenceInputStream(plainTar, new ByteArrayInputStream(new byte[1024])), "ISO-8859-1")) {
            TarArchiveEntry t;
            while ((t = tar.getNextEntry()) != null) {
                FileEntry e = FileEntry.of(t, filesRoot);
                if (e.hasData()) {
                    e = data(tar, e, buffer);
                }
                sink.accept(e);
                count++;
            }
        }
        return count;
    }

    private FileEntry data(InputStream tar, FileEntry e, byte[] buffer) throws IOException {
        long offset = out.count();
        MessageDigest digest = Sha256.newDigest();
        MessageDigest compressed = Sha256.newDigest();
        long read = 0;
        try (OutputStream member = GzipMember.open(new java.security.DigestOutputStream(out, compressed), level)) {
            int n;
            while ((n = tar.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
                member.write(buffer, 0, n);
                read += n;
            }
            member.write(new byte[TarHeaders.padding(e.size())]);
        }
        if (read != e.size()) {
            throw new IOException("tar entry " + e.path() + " holds " + read + " bytes, its header says " + e.size());
        }
        return e.withSha256(Sha256.hex(digest)).at(offset, out.count() - offset, Sha256.hex(compressed));
    }
}
