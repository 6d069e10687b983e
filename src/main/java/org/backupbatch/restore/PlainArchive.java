package org.backupbatch.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.backupbatch.archive.OpenPgpDecryptor;

/**
 * The plain tar.gz a restore reads its parts from, by byte range: a plain backup's archive, or
 * an encrypted backup's copy that the verify step decrypted into the restore's work folder. Before
 * the job has made that copy (planning a restore), an encrypted archive is decrypted as it is
 * read, from its start, as far as the part wanted.
 */
final class PlainArchive {

    private final Path file;
    private final OpenPgpDecryptor decryptor;

    private PlainArchive(Path file, OpenPgpDecryptor decryptor) {
        this.file = file;
        this.decryptor = decryptor;
    }

    /** A plain tar.gz on disk. */
    static PlainArchive of(Path file) {
        return new PlainArchive(file, null);
    }

    /** An encrypted archive, decrypted as it is read. */
    static PlainArchive decrypting(Path cipher, OpenPgpDecryptor decryptor) {
        return new PlainArchive(cipher, decryptor);
    }

    /** The file read: the plain archive, or the ciphertext decrypted as it is read. */
    Path file() {
        return file;
    }

    /**
     * The bytes from {@code offset} (of the plain archive), at most {@code length} of them; the
     * caller closes the stream.
     */
    InputStream range(long offset, long length) throws IOException {
        InputStream in;
        if (decryptor == null) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            in = Channels.newInputStream(channel);
        } else {
            in = decryptor.open(file);
            in.skipNBytes(offset);
        }
        return new Bounded(in, length);
    }

    /**
     * At most {@code left} bytes of a stream, which it closes. No mark/reset: a reader that
     * needs them (gzip, at each member's end) wraps this in its own buffer; passing them through to
     * the decrypting stream under it would rewind that stream but not the count, and cut the range
     * short after the first member.
     */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(left, 0)));
            left -= skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readLimit) {
            // not supported: see the class comment
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }
    }
}
