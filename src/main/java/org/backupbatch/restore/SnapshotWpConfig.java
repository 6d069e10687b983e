package org.backupbatch.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.WpConfigParser;
import org.backupbatch.errors.FatalError;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;

/** The target's own database settings, read from the wp-config.php its safety snapshot holds. */
final class SnapshotWpConfig {

    private SnapshotWpConfig() {
    }

    static SiteConfig.Database database(RestoreRun run, String snapshotId) throws IOException {
        BackupFiles snapshot = new BackupFiles(run.targetConfig().backup().destination().resolve(run.target()),
                run.target(), BackupId.parse(snapshotId).orElseThrow());
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(snapshot.manifest()));
        String wanted = "backup-" + snapshotId + "/files/wp-config.php";
        try (InputStream in = ArchiveParts.member(snapshot.archive(), manifest, "files");
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in, true))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(wanted)) {
                    String php = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    return WpConfigParser.discover(run.targetConfig().database(), php);
                }
            }
        }
        throw new FatalError("the safety snapshot " + snapshotId + " of site " + run.target()
                + " holds no wp-config.php to read the target's database from");
    }
}
