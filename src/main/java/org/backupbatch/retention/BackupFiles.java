package org.backupbatch.retention;

import java.nio.file.Path;

/**
 * The names of one backup's files in {@code <destination>/<site>/}: the archive, its manifest and
 * its {@code .sha256}. The {@code .sha256} is written last, so its presence marks a complete,
 * verified backup.
 */
public record BackupFiles(Path siteFolder, String site, BackupId id) {

    public String baseName() {
        return "backup-" + site + "-" + id.value();
    }

    public Path archive() {
        return siteFolder.resolve(baseName() + ".tar.gz");
    }

    public Path manifest() {
        return siteFolder.resolve(baseName() + ".manifest.json");
    }

    public Path checksum() {
        return siteFolder.resolve(baseName() + ".sha256");
    }

    /** The folder where this backup's unfinished work lives until it is verified. */
    public Path workFolder() {
        return siteFolder.resolve(".work").resolve(id.value());
    }
}
