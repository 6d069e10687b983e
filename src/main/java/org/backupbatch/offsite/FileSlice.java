package org.backupbatch.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.commons.io.input.BoundedInputStream;
import org.backupbatch.archive.Sha256;

/**
 * A range of a file as a stream of its own: an S3 part or an SFTP slice is sent from the file
 * as it lies, never held in memory, and can be opened again for a retry.
 */
final class FileSlice {

    private FileSlice() {
    }

    /** The {@code length} bytes of {@code file} from {@code offset}; the caller closes the stream. */
    static InputStream open(Path file, long offset, long length) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(offset);
            return BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The slice's sha256, base64 as S3's {@code x-amz-checksum-sha256} carries it. */
    static String sha256Base64(Path file, long offset, long length) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = open(file, offset, length)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }
}
