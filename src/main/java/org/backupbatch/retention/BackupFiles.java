package org.backupbatch.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The names of one backup's files in {@code <destination>/<site>/}: the archive ({@code .tar.gz},
 * or {@code .tar.gz.gpg} when encrypted at rest), its manifest and its {@code .sha256} (the
 * archive's sum, of the ciphertext when encrypted). The {@code .sha256} is written last, so its
 * presence marks a complete, verified backup.
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
        return List.of(checksum(), encryptedArchive(), plainArchive(), manifest());
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
     * Publishes a verified archive from the work folder: manifest, then archive, then the
     * {@code .sha256} last, each by an atomic rename; then the work folder is removed.
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
        Path archive = encrypted ? encryptedArchive() : plainArchive();
        Path checksum = workFolder().resolve("sha256");
        Files.writeString(checksum, sha256 + "  " + archive.getFileName() + "\n", StandardCharsets.UTF_8);
        Files.move(workManifest, manifest(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(workArchive, archive, StandardCopyOption.ATOMIC_MOVE);
        Files.move(checksum, checksum(), StandardCopyOption.ATOMIC_MOVE);
        deleteTree(workFolder());
        try (var left = Files.list(workFolder().getParent())) {
            if (left.findAny().isEmpty()) {
                Files.delete(workFolder().getParent());
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
