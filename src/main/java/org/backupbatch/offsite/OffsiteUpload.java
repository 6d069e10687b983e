package org.backupbatch.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.errors.FatalError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one published backup to every off-site copy of its site, one unit of work per {@link
 * #step} call, so that the caller can record the state between units (the backup step commits its
 * execution context after each). Per copy: the archive, then the manifest, then the {@code
 * .sha256} last, each read back from the copy and checked (size, sha256) before the next one
 * starts: a reader of the copy never finds a {@code .sha256} beside an unfinished archive. A
 * read-back that does not match removes that upload and fails ({@link FatalError}); the re-run
 * sends that file again. Copies are done in the order configured.
 */
public final class OffsiteUpload implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsiteUpload.class);

    /**
     * The published backup to copy.
     *
     * @param sha256 the archive's sha256, as its {@code .sha256} file gives it
     */
    public record Backup(String site, Path archive, Path manifest, Path checksum, String sha256) {

        List<Path> files() {
            return List.of(archive, manifest, checksum);
        }
    }

    /** Opens a copy's store; tests give their own. */
    @FunctionalInterface
    public interface Stores {
        CopyStore open(OffsiteCopy copy, String site) throws IOException;
    }

    private final List<OffsiteCopy> copies;
    private final Backup backup;
    private final Map<String, String> state;
    private final Stores stores;
    private final Map<String, CopyStore> open = new LinkedHashMap<>();
    private long bytes;

    /**
     * @param state the restart state: read and updated in place (plain strings, no secrets)
     */
    public OffsiteUpload(List<OffsiteCopy> copies, Backup backup, Map<String, String> state, Stores stores) {
        this.copies = List.copyOf(copies);
        this.backup = backup;
        this.state = state;
        this.stores = stores;
    }

    /** The stores of the real copies: S3 with {@code retries} retries of a failed request. */
    public static Stores realStores(int retries) {
        return (copy, site) -> copy instanceof OffsiteCopy.S3 s3 ? new S3Store(s3, site, retries)
                : SftpStore.connect((OffsiteCopy.Sftp) copy, site);
    }

    /**
     * Does the next unit: one part or slice, or the read-back of one uploaded file.
     *
     * @return true when every copy holds every file, checked
     */
    public boolean step() throws IOException {
        for (OffsiteCopy copy : copies) {
            String copyDone = UploadState.PREFIX + copy.name() + ".done";
            if (state.containsKey(copyDone)) {
                continue;
            }
            for (Path file : backup.files()) {
                UploadState file1 = new UploadState(state, copy.name(), key(file));
                if (file1.get("done") == null) {
                    try {
                        advance(copy, file, file1);
                    } catch (IOException | RuntimeException e) {
                        closeStore(copy.name()); // a retry, or the re-run, logs in again
                        throw e;
                    }
                    return false;
                }
            }
            state.put(copyDone, "true");
            closeStore(copy.name());
            LOG.info("{}: backup copied to {} ({}), checked", backup.site(), copy.name(), copy.type());
        }
        return true;
    }

    /** The restart state, as updated by the units so far (the map given, itself). */
    public Map<String, String> state() {
        return state;
    }

    /** Bytes sent and read back by this object's units so far. */
    public long bytes() {
        return bytes;
    }

    private void advance(OffsiteCopy copy, Path file, UploadState file1) throws IOException {
        CopyStore store = store(copy);
        String name = file.getFileName().toString();
        if (file1.get("uploaded") == null) {
            long before = file1.getLong("written") + partsBytes(file1);
            if (store.upload(file, name, file1)) {
                file1.put("uploaded", "true");
            }
            bytes += Math.max(0, file1.getLong("written") + partsBytes(file1) - before);
            return;
        }
        long size = Files.size(file);
        String expected = file.equals(backup.archive()) ? backup.sha256() : Sha256.of(file);
        readBack(store, name, file1, size, expected);
        store.publish(name, file1);
        file1.clear();
        file1.put("done", "true");
        LOG.info("{}: {} is on {} ({} bytes, sha256 checked)", backup.site(), name, copy.name(), size);
    }

    /** Reads the upload back; a mismatch removes it and fails the step (the re-run sends it again). */
    private void readBack(CopyStore store, String name, UploadState file1, long size, String expected)
            throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long read = 0;
        try (InputStream in = store.readBack(name, file1)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                read += n;
            }
        }
        bytes += read;
        String actual = Sha256.hex(digest);
        if (read != size || !actual.equals(expected)) {
            store.discard(name, file1);
            file1.clear();
            throw new FatalError(store.describe() + ": " + name + " read back as " + read + " bytes, sha256 "
                    + actual + "; expected " + size + " bytes, sha256 " + expected
                    + ". The upload was removed; run the same command again to send it anew");
        }
    }

    /** The bytes of the S3 parts done, for the byte count: parts × part size, roughly. */
    private static long partsBytes(UploadState file1) {
        String parts = file1.get("parts");
        return parts == null || parts.isEmpty() ? 0 : parts.split(",").length * file1.getLong("partSize");
    }

    private static String key(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".sha256") ? "sha256" : name.endsWith(".manifest.json") ? "manifest" : "archive";
    }

    private CopyStore store(OffsiteCopy copy) throws IOException {
        CopyStore store = open.get(copy.name());
        if (store == null) {
            store = stores.open(copy, backup.site());
            open.put(copy.name(), store);
        }
        return store;
    }

    private void closeStore(String name) {
        CopyStore store = open.remove(name);
        if (store != null) {
            store.close();
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(open.keySet())) {
            closeStore(name);
        }
    }
}
