package org.backupbatch.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backupbatch.archive.PrivateFiles;

/**
 * The names of one backup's files in {@code <destination>/<site>/}: the archive ({@code .tar.gz},
 * or {@code .tar.gz.gpg} when encrypted at rest), its manifest and its {@code .sha256} (the
 * archive's sum, of the ciphertext when encrypted). The {@code .sha256} is written last, so its
 * presence marks a complete, verified backup; {@link #publish} makes that hold across a power cut.
 */
public record BackupFiles(Path siteFolder, String site, BackupId id) {

    /** The extension of an archive encrypted at rest. */
    public static final String ENCRYPTED_SUFFIX = ".gpg";

    public String baseName() {
        return "backup-" + site + "-" + id.value();
    }

    /** The archive as it lies in the folder: the encrypted one when there is one, else the plain one. */
    public Path archive() {
        return isEncrypted() ? encryptedArchive() : plainArchive();
    }

    /** {@code backup-<site>-<id>.tar.gz}. */
    public Path plainArchive() {
        return siteFolder.resolve(baseName() + ".tar.gz");
    }

    /** {@code backup-<site>-<id>.tar.gz.gpg}: the archive encrypted at rest (OpenPGP). */
    public Path encryptedArchive() {
        return siteFolder.resolve(baseName() + ".tar.gz" + ENCRYPTED_SUFFIX);
    }

    /** Whether this backup's archive is the encrypted one. */
    public boolean isEncrypted() {
        return Files.isRegularFile(encryptedArchive());
    }

    /** Every file a backup may have, the {@code .sha256} first: what pruning deletes, in order. */
    public List<Path> files() {
        return List.of(checksum(), encryptedArchive(), plainArchive(), manifest(), filesIndex());
    }

    /**
     * {@code backup-<site>-<id>.files.gz}: the files part's entry map (what each gzip member
     * holds, with metadata and sha256), beside the archive, for the next incremental night; its
     * sum is in the manifest. Absent in backups made before it was written, and when encrypted.
     */
    public Path filesIndex() {
        return siteFolder.resolve(baseName() + ".files.gz");
    }

    public Path manifest() {
        return siteFolder.resolve(baseName() + ".manifest.json");
    }

    public Path checksum() {
        return siteFolder.resolve(baseName() + ".sha256");
    }

    /**
     * The file by which a restore that could not hard-link this backup holds it against pruning.
     *
     * @param owner names the restore, e.g. {@code staging-20261130T210000Z}
     */
    public Path pinFile(String owner) {
        return siteFolder.resolve(".pins").resolve(id.value() + "." + owner);
    }

    /** Whether a restore holds this backup by a pin file: then pruning keeps it. */
    public boolean isPinned() throws IOException {
        Path pins = siteFolder.resolve(".pins");
        if (!Files.isDirectory(pins)) {
            return false;
        }
        try (var files = Files.list(pins)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(id.value() + "."));
        }
    }

    /** The folder where this backup's unfinished work lives until it is verified. */
    public Path workFolder() {
        return siteFolder.resolve(".work").resolve(id.value());
    }

    /**
     * Publishes a verified archive from the work folder so that a power cut at any moment leaves
     * either no complete backup or a whole one: the archive, manifest and checksum are forced to
     * disk first; then the manifest and the archive are renamed into the site's folder and the
     * folder is forced (so those names are on disk); then the {@code .sha256}, whose presence marks
     * the backup complete, is renamed last and the folder forced again. Only then is the work folder
     * removed, and only after this may anything be pruned. Every file is 0600.
     */
    public void publish(Path workArchive, Path workManifest, String sha256) throws IOException {
        publish(workArchive, workManifest, sha256, false);
    }

    /**
     * As {@link #publish(Path, Path, String)}; with {@code encrypted}, {@code workArchive} is the
     * ciphertext, published as {@link #encryptedArchive()}, and {@code sha256} its sum. The work
     * folder goes with the plain archive it held.
     */
    public void publish(Path workArchive, Path workManifest, String sha256, boolean encrypted) throws IOException {
        publish(workArchive, workManifest, sha256, encrypted, PublishCalls.DISK);
    }

    void publish(Path workArchive, Path workManifest, String sha256, PublishCalls calls) throws IOException {
        publish(workArchive, workManifest, sha256, false, calls);
    }

    private void publish(Path workArchive, Path workManifest, String sha256, boolean encrypted, PublishCalls calls)
            throws IOException {
        Path archive = encrypted ? encryptedArchive() : plainArchive();
        Path checksum = PrivateFiles.write(workFolder().resolve("sha256"),
                (sha256 + "  " + archive.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Path file : List.of(workManifest, workArchive, checksum)) {
            calls.force(file);
        }
        calls.rename(workManifest, manifest());
        calls.rename(workArchive, archive);
        calls.force(siteFolder);
        calls.rename(checksum, checksum());
        calls.force(siteFolder);
        discardWork();
    }
    /**
     * The sha256 that this backup's {@code .sha256} names, or null when it is not published (no
     * {@code .sha256}, or one that does not name this archive).
     */
    public String publishedSha256() throws IOException {
        if (!Files.isRegularFile(checksum())) {
            return null;
        }
        String line = Files.readString(checksum(), StandardCharsets.UTF_8).strip();
        String[] parts = line.split(" +\\*?", 2);
        return parts.length == 2 && parts[1].equals(archive().getFileName().toString()) ? parts[0] : null;
    }

    /**
     * Takes back the mark of a complete backup (its {@code .sha256}), durably, so that nothing
     * counts on an archive that does not check out; the archive and manifest stay until replaced.
     */
    public void withdraw() throws IOException {
        Files.deleteIfExists(checksum());
        PublishCalls.DISK.force(siteFolder);
    }

    /** Removes the work folder, and {@code .work} too when nothing else is left in it. */
    public void discardWork() throws IOException {
        deleteTree(workFolder());
        Path works = workFolder().getParent();
        if (!Files.isDirectory(works)) {
            return;
        }
        try (var left = Files.list(works)) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(works);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
