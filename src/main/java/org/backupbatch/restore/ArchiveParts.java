package org.backupbatch.restore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.backupbatch.archive.Manifest;
import org.backupbatch.errors.FatalError;

/**
 * Reads one gzip member of a verified archive by the byte range its manifest records, as stored:
 * nothing is decompressed or recompressed to restore a part. An encrypted backup is read from its
 * decrypted copy ({@link PlainArchive}).
 */
final class ArchiveParts {

    private static final long MAX_ENTRY = 4 << 20;

    private ArchiveParts() {
    }

    static Manifest manifest(RestoreRun run) throws IOException {
        return Manifest.fromJson(Files.readAllBytes(run.backup().manifest()));
    }

    /** The member's bytes; the caller closes the stream. */
    static InputStream member(PlainArchive archive, Manifest manifest, String name) throws IOException {
        Manifest.Member member = manifest.member(name);
        if (member == null) {
            throw new FatalError("archive " + archive.file() + " has no " + name + " member");
        }
        return archive.range(member.offset(), member.length());
    }

    /** One regular file of the files part: its bytes, mode and mtime (seconds). */
    record Entry(byte[] content, int mode, long mtime) {
    }

    /**
     * A regular file of the files part, by its path relative to the site ({@code wp-config.php});
     * null when the backup has no such file. Reads the files member up to it.
     */
    static Entry entry(PlainArchive archive, Manifest manifest, String relative) throws IOException {
        if (manifest.files() == null) {
            return null;
        }
        // a small text file travels in the gzip stream of a split backup, after the stored one: look there first
        if (manifest.member(Manifest.FILES_GZIP) != null) {
            Entry found = entry(archive, manifest, relative, Manifest.FILES_GZIP);
            if (found != null) {
                return found;
            }
        }
        return entry(archive, manifest, relative, Manifest.FILES);
    }

    private static Entry entry(PlainArchive archive, Manifest manifest, String relative, String memberName)
            throws IOException {
        String wanted = "backup-" + manifest.id() + "/files/" + relative;
        try (InputStream in = member(archive, manifest, memberName);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in, true),
                        "ISO-8859-1")) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(wanted) && entry.isFile() && !entry.isSymbolicLink() && !entry.isLink()) {
                    if (entry.getSize() > MAX_ENTRY) {
                        throw new FatalError(wanted + " in " + archive.file() + " is " + entry.getSize()
                                + " bytes: too large");
                    }
                    return new Entry(tar.readAllBytes(), entry.getMode() & 07777,
                            entry.getLastModifiedDate().getTime() / 1000);
                }
            }
        }
        return null;
    }

    /** The files member followed by a gzip member of tar end blocks: a whole tar.gz for {@code tar x}. */
    static InputStream filesAsTarGz(PlainArchive archive, Manifest manifest) throws IOException {
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(end)) {
            gz.write(new byte[1024]);
        }
        return new SequenceInputStream(member(archive, manifest, "files"), new ByteArrayInputStream(end.toByteArray()));
    }
}
