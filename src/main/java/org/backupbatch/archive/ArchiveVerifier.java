package org.backupbatch.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.backupbatch.errors.FatalError;

/**
 * Re-reads a finished archive in one pass and checks everything a restore will rely on: the
 * whole file's sha256, each member's sha256 by its byte range, every gzip member's CRC and
 * length, the tar structure to its end blocks, the files count, {@code database.sql}'s size and
 * sha256, and that the {@code manifest.json} inside is the expected one and comes last.
 */
public final class ArchiveVerifier {

    /**
     * Verifies; throws {@link FatalError} naming the first mismatch.
     *
     * @param manifestJson the manifest as it must appear inside the archive
     * @param sha256       the expected sum of the whole file
     */
    public void verify(Path archive, byte[] manifestJson, String sha256) throws IOException {
        verify(archive, manifestJson, sha256, false);
    }

    /**
     * Verifies, and with {@code beforeRestore} also refuses entries that would write outside the
     * folder they are restored into and lists the symlinks that point outside it (see
     * {@link EntryGuard}).
     *
     * @return the symlinks pointing outside the site; none without {@code beforeRestore}
     */
    public OutsideLinks verify(Path archive, byte[] manifestJson, String sha256, boolean beforeRestore)
            throws IOException {
        return verify(archive, manifestJson, sha256, beforeRestore, n -> { });
    }

    /**
     * Verifies, telling {@code progress} how many bytes of the archive each read takes in.
     *
     * @see #verify(Path, byte[], String, boolean)
     */
    public OutsideLinks verify(Path archive, byte[] manifestJson, String sha256, boolean beforeRestore,
            LongConsumer progress) throws IOException {
        Manifest manifest = Manifest.fromJson(manifestJson);
        FutureTask<RangeDigests> hashing = new FutureTask<>(() -> hash(archive, manifest.members()));
        Thread hasher = new Thread(hashing, "verify-sha256");
        hasher.setDaemon(true);
        hasher.start();
        OutsideLinks outside;
        try (InputStream raw = new Streams.MeteredInput(Files.newInputStream(archive), progress);
                GzipCompressorInputStream gz = new GzipCompressorInputStream(raw, true);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz, "ISO-8859-1")) {
            String root = "backup-" + manifest.id();
            EntryGuard guard = beforeRestore ? new EntryGuard(root) : null;
            checkEntries(tar, root, manifest, manifestJson, guard);
            outside = guard == null ? OutsideLinks.none() : guard.outsideLinks();
            gz.transferTo(OutputStream.nullOutputStream());
        } catch (FatalError | IOException e) {
            throw explain(archive, e, join(hashing));
        }
        RangeDigests ranges = join(hashing);
        expect(ranges.whole().equals(sha256), "archive " + archive + ": sha256 differs from the recorded one");
        ranges.check(archive);
        return outside;
    }

    /**
     * Names why reading the content failed. A damaged member can inflate to garbage (odd entry
     * names, broken headers) before its CRC is reached: when a member's sum differs, that is
     * the cause to report.
     */
    private static FatalError explain(Path archive, Exception failure, RangeDigests ranges) {
        String damaged = ranges.firstMismatch();
        if (damaged != null) {
            return new FatalError("archive " + archive + " is damaged: member " + damaged
                    + " sha256 differs from the manifest", failure);
        }
        if (failure instanceof FatalError) {
            return new FatalError("archive " + archive + ": " + failure.getMessage(), failure);
        }
        if (failure instanceof java.io.EOFException) {
            return new FatalError("archive " + archive + " ends early: it is truncated", failure);
        }
        return new FatalError("archive " + archive + " is damaged: " + failure.getMessage(), failure);
    }

    /** Hashes the whole file and each member's range, in one read; runs beside the decompression. */
    static RangeDigests hash(Path archive, List<Manifest.Member> members) throws IOException {
        RangeDigests ranges = new RangeDigests(members);
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) != -1) {
                ranges.update(buffer, 0, n);
            }
        }
        return ranges;
    }

    /** The hashing thread's result, its failure rethrown as an I/O one. */
    static <T> T join(FutureTask<T> hashing) throws IOException {
        try {
            return hashing.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while hashing the archive");
        }
    }

    /** @param guard checks each entry before a restore; null for a backup's own verification */
    private static void checkEntries(TarArchiveInputStream tar, String root, Manifest manifest, byte[] manifestJson,
            EntryGuard guard) throws IOException {
        long files = 0;
        boolean sawDatabase = false;
        boolean sawManifest = false;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            expect(!sawManifest, "entry after manifest.json: " + name);
            if (guard != null) {
                guard.check(entry);
            }
            if (TarContents.isUnder(name, root + "/files")) {
                files++;
            } else if (name.equals(root + "/database.sql")) {
                checkDump(tar, entry, manifest.database());
                sawDatabase = true;
            } else if (name.equals(root + "/manifest.json")) {
                expect(Arrays.equals(tar.readAllBytes(), manifestJson), "manifest.json inside differs from the sidecar");
                sawManifest = true;
            } else {
                throw new FatalError("unexpected entry in archive: " + name);
            }
        }
        expect(sawManifest, "manifest.json missing: the archive is truncated");
        expect(sawDatabase == (manifest.database() != null), "database.sql missing");
        long expectedFiles = manifest.files() == null ? 0 : manifest.files().entries();
        expect(files == expectedFiles, "files part holds " + files + " entries, manifest says " + expectedFiles);
    }

    private static void checkDump(TarArchiveInputStream tar, TarArchiveEntry entry, Manifest.DatabasePart db)
            throws IOException {
        expect(db != null, "database.sql present but the manifest has no database part");
        MessageDigest digest = Sha256.newDigest();
        long size = new DigestInputStream(tar, digest).transferTo(OutputStream.nullOutputStream());
        expect(size == db.bytes() && entry.getSize() == db.bytes(), "database.sql has " + size + " bytes, manifest says "
                + db.bytes());
        expect(Sha256.hex(digest).equals(db.sha256()), "database.sql sha256 differs from the manifest");
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new FatalError("verification failed: " + message);
        }
    }

    /** Hashes the whole file and the byte range of each member while the file is read once. */
    static final class RangeDigests {
        private final List<Manifest.Member> members;
        private final MessageDigest whole = Sha256.newDigest();
        private final MessageDigest[] digests;
        private long position;
        private String[] sums;

        RangeDigests(List<Manifest.Member> members) {
            this.members = members;
            this.digests = members.stream().map(m -> Sha256.newDigest()).toArray(MessageDigest[]::new);
        }

        void update(byte[] b, int off, int n) {
            whole.update(b, off, n);
            for (int i = 0; i < members.size(); i++) {
                Manifest.Member m = members.get(i);
                long from = Math.max(position, m.offset());
                long to = Math.min(position + n, m.offset() + m.length());
                if (from < to) {
                    digests[i].update(b, off + (int) (from - position), (int) (to - from));
                }
            }
            position += n;
        }

        /** The sums, computed once: a digest resets when read. */
        private String[] sums() {
            if (sums == null) {
                sums = new String[members.size() + 1];
                sums[0] = Sha256.hex(whole);
                for (int i = 0; i < members.size(); i++) {
                    sums[i + 1] = Sha256.hex(digests[i]);
                }
            }
            return sums;
        }

        String whole() {
            return sums()[0];
        }

        /** The first member whose sum differs from the manifest, or null. */
        String firstMismatch() {
            for (int i = 0; i < members.size(); i++) {
                if (!sums()[i + 1].equals(members.get(i).sha256())) {
                    return members.get(i).name();
                }
            }
            return null;
        }

        void check(Path archive) {
            String damaged = firstMismatch();
            expect(damaged == null, "archive " + archive + ": member " + damaged + " sha256 differs from the manifest");
        }
    }
}
