package org.backupbatch.retention;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The two file system calls whose order makes a publish survive a power cut: forcing a file's (or
 * a folder's) content and metadata to disk, and an atomic rename. A seam: the tests record the
 * calls and check their order, which the file system cannot show.
 */
interface PublishCalls {

    /** {@code fsync}: a regular file through a channel open for writing, a folder through a read-only one. */
    void force(Path path) throws IOException;

    /** An atomic rename, replacing nothing that is not ours (the names are this backup's). */
    void rename(Path from, Path to) throws IOException;

    PublishCalls DISK = new PublishCalls() {
        @Override
        public void force(Path path) throws IOException {
            // Linux opens a folder read-only and fsyncs it: that is what makes a rename in it durable
            StandardOpenOption mode = Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE;
            try (FileChannel channel = FileChannel.open(path, mode)) {
                channel.force(true);
            }
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    };
}
