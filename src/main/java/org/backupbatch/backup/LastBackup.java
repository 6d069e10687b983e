package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.retention.BackupCatalog;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sizes of the site's newest complete backup, read from its sidecar manifest (no archive is
 * opened): what this run's progress expects, for its ETA. A site backed up for the first time, or
 * whose manifest cannot be read, expects nothing (0): progress then shows bytes and rate only.
 *
 * @param filesBytes   compressed length of the files member
 * @param dumpBytes    compressed length of the database member
 * @param archiveBytes length of the archive file
 */
record LastBackup(long filesBytes, long dumpBytes, long archiveBytes) {

    private static final Logger LOG = LoggerFactory.getLogger(LastBackup.class);
    static final LastBackup NONE = new LastBackup(0, 0, 0);

    static LastBackup of(BackupRun run) {
        BackupFiles current = run.files();
        try {
            List<BackupFiles> complete = BackupCatalog.complete(current.siteFolder(), run.site());
            for (int i = complete.size() - 1; i >= 0; i--) {
                BackupFiles newest = complete.get(i);
                if (newest.id().equals(current.id())) {
                    continue;
                }
                Manifest manifest = Manifest.fromJson(Files.readAllBytes(newest.manifest()));
                return new LastBackup(length(manifest, "files"), length(manifest, "database"),
                        Files.size(newest.archive()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: no size to expect from the last backup: {}", run.site(), e.toString());
        }
        return NONE;
    }

    private static long length(Manifest manifest, String member) {
        Manifest.Member m = manifest.members() == null ? null : manifest.member(member);
        return m == null ? 0 : m.length();
    }
}
