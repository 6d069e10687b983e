package org.backupbatch.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.io.input.BoundedInputStream;
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
        // mark/reset (gzip's, at each member's end) are tracked by the bounded stream itself: passed
        // through to the decrypting stream, they would rewind it but not the count of bytes left
        return BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
    }
}
