package org.backupbatch.restore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.backupbatch.archive.Manifest;
import org.backupbatch.errors.FatalError;

/**
 * Reads one gzip member of a verified archive by the byte range its manifest records, as stored:
 * nothing is decompressed or recompressed to restore a part.
 */
final class ArchiveParts {

    private static final long MAX_ENTRY = 4 << 20;

    private ArchiveParts() {
    }

    static Manifest manifest(RestoreRun run) throws IOException {
        return Manifest.fromJson(Files.readAllBytes(run.backup().manifest()));
    }

    /** The member's bytes; the caller closes the stream. */
    static InputStream member(Path archive, Manifest manifest, String name) throws IOException {
        Manifest.Member member = manifest.member(name);
        if (member == null) {
            throw new FatalError("archive " + archive + " has no " + name + " member");
        }
        FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ);
        channel.position(member.offset());
        return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
            private long left = member.length();

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
        };
    }

    /** One regular file of the files part: its bytes, mode and mtime (seconds). */
    record Entry(byte[] content, int mode, long mtime) {
    }

    /**
     * A regular file of the files part, by its path relative to the site ({@code wp-config.php});
     * null when the backup has no such file. Reads the files member up to it.
     */
    static Entry entry(Path archive, Manifest manifest, String relative) throws IOException {
        if (manifest.files() == null) {
            return null;
        }
        String wanted = "backup-" + manifest.id() + "/files/" + relative;
        try (InputStream in = member(archive, manifest, "files");
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in, true),
                        "ISO-8859-1")) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(wanted) && entry.isFile() && !entry.isSymbolicLink() && !entry.isLink()) {
                    if (entry.getSize() > MAX_ENTRY) {
                        throw new FatalError(wanted + " in " + archive + " is " + entry.getSize() + " bytes: too large");
                    }
                    return new Entry(tar.readAllBytes(), entry.getMode() & 07777,
                            entry.getLastModifiedDate().getTime() / 1000);
                }
            }
        }
        return null;
    }

    /** The files member followed by a gzip member of tar end blocks: a whole tar.gz for {@code tar x}. */
    static InputStream filesAsTarGz(Path archive, Manifest manifest) throws IOException {
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(end)) {
            gz.write(new byte[1024]);
        }
        return new SequenceInputStream(member(archive, manifest, "files"), new ByteArrayInputStream(end.toByteArray()));
    }
}
