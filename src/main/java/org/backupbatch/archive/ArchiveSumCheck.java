package org.backupbatch.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.backupbatch.errors.FatalError;

/**
 * Checks an archive whose content was already checked, by its sum, without a second pass of
 * gunzip and tar over it. Every member of an archive is checked as it is made: each stream
 * received from the server is gunzipped and walked to its last entry as it arrives (the dump's
 * size and sha256 counted), its work file's sha256 taken from the same bytes; the assembly copies
 * each work file, re-hashed, into the archive and refuses one whose sum changed, and checks the
 * few bytes it makes itself (see {@link ArchiveAssembler}). So once the whole file's sha256 is
 * the one computed while it was written, everything {@link ArchiveVerifier} would find holds too.
 *
 * <p>What is still read: the whole file once, hashed (one digest per byte, at disk or page-cache
 * speed), because the file system between the digest and the disk is the one part of the write
 * path nothing else checks; and the trailer (a few KB), to compare the {@code manifest.json}
 * inside with the sidecar read back from disk. Before a restore, the files member is also walked
 * (its tar headers, gunzipped) for the entries that would write outside the site ({@link
 * EntryGuard}): that check is a restore's, the backup never made it. {@link ArchiveVerifier}
 * remains the full check, for drills and for resumes.
 */
public final class ArchiveSumCheck {

    private static final int BUFFER = 1 << 18;
    /** More than any manifest and its tar blocks: a larger "trailer" means a manifest that does not fit the file. */
    private static final long MAX_TRAILER = 64L << 20;

    /**
     * The backup's own check of the archive it just assembled: the file read back and hashed, the
     * manifest inside compared with the sidecar. Throws {@link FatalError} naming what differs.
     *
     * @param manifestJson the sidecar manifest, as read back from the work folder
     * @param sha256       the sum computed while the archive was written
     */
    public void afterWrite(Path archive, byte[] manifestJson, String sha256, LongConsumer progress)
            throws IOException {
        Manifest manifest = Manifest.fromJson(manifestJson);
        if (!applies(manifest)) {
            new ArchiveVerifier().verify(archive, manifestJson, sha256, false, progress);
            return;
        }
        check(archive, manifest, manifestJson, sha256, wholeSum(archive, progress));
    }

    /**
     * A restore's check before anything changes: the sum against the {@code .sha256}, the
     * manifest inside against the sidecar, and the files member's entries walked for what would
     * write outside the site; the dump is not decompressed (its size and sha256 were checked when
     * it was received, and the sum proves these are the same bytes).
     *
     * @return the symlinks pointing outside the site
     */
    public OutsideLinks beforeRestore(Path archive, byte[] manifestJson, String sha256, LongConsumer progress)
            throws IOException {
        Manifest manifest = Manifest.fromJson(manifestJson);
        if (!applies(manifest)) {
            return new ArchiveVerifier().verify(archive, manifestJson, sha256, true, progress);
        }
        FutureTask<String> hashing = new FutureTask<>(() -> wholeSum(archive, progress));
        Thread hasher = new Thread(hashing, "verify-sha256");
        hasher.setDaemon(true);
        hasher.start();
        OutsideLinks outside = null;
        FatalError walkFailure = null;
        try {
            outside = walkFiles(archive, manifest);
        } catch (FatalError | IOException e) {
            // a damaged member fails the walk somewhere; the sum says which member it is
            walkFailure = e instanceof FatalError f && String.valueOf(f.getMessage()).startsWith("archive ") ? f
                    : new FatalError("archive " + archive + (e instanceof FatalError ? ": " : " is damaged: ")
                            + e.getMessage(), e);
        }
        check(archive, manifest, manifestJson, sha256, ArchiveVerifier.join(hashing));
        if (walkFailure != null) {
            throw walkFailure;
        }
        return outside;
    }

    /** Whether the archive records its members (every backup does; otherwise the full check runs). */
    private static boolean applies(Manifest manifest) {
        return manifest.members() != null && !manifest.members().isEmpty();
    }

    private static void check(Path archive, Manifest manifest, byte[] manifestJson, String sha256, String whole)
            throws IOException {
        if (!whole.equals(sha256)) {
            throw explainMismatch(archive, manifest, manifestJson);
        }
        checkTrailer(archive, manifest, manifestJson);
    }

    /** The sum differs: names the damaged member, or the cut, or else the sum itself. */
    private static FatalError explainMismatch(Path archive, Manifest manifest, byte[] manifestJson)
            throws IOException {
        if (Files.size(archive) < trailerStart(manifest)) {
            return new FatalError("archive " + archive + " ends early: it is truncated");
        }
        String damaged = ArchiveVerifier.hash(archive, manifest.members()).firstMismatch();
        if (damaged != null) {
            return new FatalError("archive " + archive + " is damaged: member " + damaged
                    + " sha256 differs from the manifest");
        }
        try {
            checkTrailer(archive, manifest, manifestJson);
        } catch (FatalError e) {
            return e;
        }
        return new FatalError("archive " + archive + ": sha256 differs from the recorded one");
    }

    /** The whole file's sha256, one read. */
    private static String wholeSum(Path archive, LongConsumer progress) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new Streams.MeteredInput(Files.newInputStream(archive), progress)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    /**
     * The trailer: the dump's tar padding, then {@code manifest.json}, equal to the sidecar, then
     * the end blocks and nothing else.
     */
    private static void checkTrailer(Path archive, Manifest manifest, byte[] manifestJson) throws IOException {
        long start = trailerStart(manifest);
        long length = Files.size(archive) - start;
        if (length <= 0 || length > MAX_TRAILER) {
            throw new FatalError("archive " + archive + (length <= 0 ? " ends early: it is truncated"
                    : ": its manifest does not describe this file (" + length + " bytes after the last member)"));
        }
        String root = "backup-" + manifest.id();
        long padding = manifest.database() == null ? 0 : ArchiveAssembler.pad(manifest.database().bytes());
        try (InputStream gz = new GzipCompressorInputStream(range(archive, start, length), true);
                TarArchiveInputStream tar = new TarArchiveInputStream(skipZeros(gz, padding), "ISO-8859-1")) {
            TarArchiveEntry entry = tar.getNextEntry();
            expect(entry != null && entry.getName().equals(root + "/manifest.json"), archive,
                    "manifest.json missing: the archive is truncated");
            expect(Arrays.equals(tar.readAllBytes(), manifestJson), archive,
                    "manifest.json inside differs from the sidecar");
            TarArchiveEntry after = tar.getNextEntry();
            expect(after == null, archive, "entry after manifest.json: " + (after == null ? "" : after.getName()));
        } catch (java.io.EOFException e) {
            throw new FatalError("archive " + archive + " ends early: it is truncated", e);
        } catch (IOException e) {
            throw new FatalError("archive " + archive + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The files member's entries, each checked by the guard and counted against the manifest. */
    private static OutsideLinks walkFiles(Path archive, Manifest manifest) throws IOException {
        Manifest.Member member = manifest.member(Manifest.FILES);
        if (manifest.files() == null || member == null) {
            expect(manifest.files() == null, archive, "the manifest has a files part but no files member");
            return OutsideLinks.none();
        }
        String root = "backup-" + manifest.id();
        EntryGuard guard = new EntryGuard(root);
        long entries = 0;
        try (InputStream gz = new GzipCompressorInputStream(range(archive, member.offset(), member.length()), true);
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        new SequenceInputStream(gz, new ByteArrayInputStream(new byte[1024])), "ISO-8859-1")) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                guard.check(entry);
                expect(TarContents.isUnder(entry.getName(), root + "/files"), archive,
                        "unexpected entry in the files member: " + entry.getName());
                entries++;
            }
        }
        expect(entries == manifest.files().entries(), archive, "files part holds " + entries
                + " entries, manifest says " + manifest.files().entries());
        return guard.outsideLinks();
    }

    private static long trailerStart(Manifest manifest) {
        return manifest.members().stream().mapToLong(m -> m.offset() + m.length()).max().orElse(0);
    }

    private static InputStream range(Path file, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel)).setMaxCount(length).get();
    }

    /** Reads {@code count} bytes that must be zeros (the dump's tar padding), then hands the rest on. */
    private static InputStream skipZeros(InputStream in, long count) throws IOException {
        byte[] padding = in.readNBytes((int) count);
        if (padding.length != count) {
            throw new java.io.EOFException("the trailer ends inside the dump's padding");
        }
        for (byte b : padding) {
            if (b != 0) {
                throw new FatalError("verification failed: the dump's tar padding is not zeros");
            }
        }
        return in;
    }

    private static void expect(boolean condition, Path archive, String message) {
        if (!condition) {
            throw new FatalError("archive " + archive + ": verification failed: " + message);
        }
    }
}
