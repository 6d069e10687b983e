package org.backupbatch.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a restore's source backup until the restore ends, so that the source's retention (its
 * nightly backup prunes) cannot delete it under a long restore or before a failed one resumes:
 * the archive, manifest and {@code .sha256} are hard-linked into the restore's work folder, and
 * the restore reads them there. Where a hard link cannot be made (another file system), a pin
 * file in the source's folder, {@code .pins/<id>.<target>-<run>}, tells its prune to keep them.
 */
final class SourcePin {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePin.class);

    private SourcePin() {
    }

    /** Pins the backup for the restore whose work folder is given. */
    static void pin(BackupFiles source, Path workFolder, String owner) throws IOException {
        BackupFiles pinned = pinned(source, workFolder);
        PrivateFiles.folder(workFolder);
        try {
            Path archive = source.archive(); // .tar.gz or .tar.gz.gpg: the link takes its name
            for (Path[] pair : new Path[][] {{archive, workFolder.resolve(archive.getFileName())},
                {source.manifest(), pinned.manifest()}, {source.checksum(), pinned.checksum()}}) {
                Files.deleteIfExists(pair[1]);
                Files.createLink(pair[1], pair[0]);
            }
        } catch (IOException | UnsupportedOperationException e) {
            Path pin = source.pinFile(owner);
            PrivateFiles.write(pin, new byte[0]);
            LOG.info("cannot hard-link backup {} into {} ({}); pinned by {} instead", source.id(), workFolder, e, pin);
        }
    }

    /** The backup a restore reads: its hard-linked copy when there is one, else the source itself. */
    static BackupFiles effective(BackupFiles source, Path workFolder) {
        BackupFiles pinned = pinned(source, workFolder);
        return Files.isRegularFile(pinned.checksum()) ? pinned : source;
    }

    /** Releases the pin file, if one was made (the hard links go with the work folder). */
    static void release(BackupFiles source, String owner) throws IOException {
        Files.deleteIfExists(source.pinFile(owner));
    }

    private static BackupFiles pinned(BackupFiles source, Path workFolder) {
        return new BackupFiles(workFolder, source.site(), source.id());
    }

}
