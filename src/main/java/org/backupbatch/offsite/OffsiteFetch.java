package org.backupbatch.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.errors.FatalError;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a backup back from an off-site copy into the site's local folder ({@code restore
 * from=<copy>}), so that the restore then takes its ordinary path: it verifies the archive
 * before anything on the target changes, pins it, and so on. The archive and manifest are
 * downloaded into the backup's work folder, the archive's sha256 is checked against the copy's
 * {@code .sha256} as the bytes arrive, and only then is the backup published locally as the
 * backup job publishes one ({@link BackupFiles#publish}: the {@code .sha256} last). A backup
 * already complete in the local folder is not downloaded again.
 */
public final class OffsiteFetch {

    private static final Logger LOG = LoggerFactory.getLogger(OffsiteFetch.class);

    private OffsiteFetch() {
    }

    /**
     * @param backup     a backup id, or {@code latest}: the newest complete backup on the copy
     * @param siteFolder the site's local folder, {@code <destination>/<site>}
     * @return the id of the backup now complete in the local folder
     */
    public static String fetch(OffsiteCopy copy, String site, String backup, Path siteFolder,
            OffsiteUpload.Stores stores) throws IOException {
        try (CopyStore store = stores.open(copy, site)) {
            List<CopyCatalog.Entry> complete = CopyCatalog.of(site, store.list()).stream()
                    .filter(CopyCatalog.Entry::complete).toList();
            CopyCatalog.Entry entry = complete.stream()
                    .filter(e -> backup.equals("latest") || e.id().value().equals(backup)).findFirst()
                    .orElseThrow(() -> new FatalError(store.describe() + " holds no complete backup "
                            + (backup.equals("latest") ? "of site " + site : backup) + " (" + complete.size()
                            + " complete there)"));
            BackupFiles local = new BackupFiles(siteFolder, site, entry.id());
            if (local.publishedSha256() != null) {
                LOG.info("{}: backup {} is already in {}; not downloaded from {}", site, entry.id(), siteFolder,
                        copy.name());
                return entry.id().value();
            }
            download(store, entry, local);
            return entry.id().value();
        }
    }

    private static void download(CopyStore store, CopyCatalog.Entry entry, BackupFiles local) throws IOException {
        String archiveName = entry.archive();
        if (archiveName == null || entry.names().stream().noneMatch(n -> n.endsWith(".manifest.json"))) {
            throw new FatalError(store.describe() + ": backup " + entry.id() + " lacks its archive or manifest");
        }
        String expected = expectedSha256(store, local, archiveName);
        Path work = PrivateFiles.folder(local.workFolder());
        Path archive = work.resolve(archiveName);
        Path manifest = work.resolve(local.manifest().getFileName());
        LOG.info("{}: downloading backup {} from {}", local.site(), entry.id(), store.describe());
        String actual = copy(store, archiveName, archive);
        if (!actual.equals(expected)) {
            local.discardWork();
            throw new FatalError(store.describe() + ": " + archiveName + " downloads with sha256 " + actual
                    + ", but its .sha256 says " + expected + "; nothing was restored");
        }
        copy(store, local.manifest().getFileName().toString(), manifest);
        local.publish(archive, manifest, expected, archiveName.endsWith(BackupFiles.ENCRYPTED_SUFFIX));
        LOG.info("{}: backup {} downloaded from {} and checked (sha256 {})", local.site(), entry.id(),
                store.describe(), expected);
    }

    /** The sum the copy's {@code .sha256} gives the archive. */
    private static String expectedSha256(CopyStore store, BackupFiles local, String archiveName) throws IOException {
        String line;
        try (InputStream in = store.open(local.checksum().getFileName().toString())) {
            line = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
        }
        String[] parts = line.split(" +\\*?", 2);
        if (parts.length != 2 || !parts[1].equals(archiveName) || !parts[0].matches("[0-9a-f]{64}")) {
            throw new FatalError(store.describe() + ": " + local.checksum().getFileName() + " does not name "
                    + archiveName + " with a sha256");
        }
        return parts[0];
    }

    /** Downloads one file 0600; returns its sha256. */
    private static String copy(CopyStore store, String name, Path to) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = store.open(name); OutputStream out = PrivateFiles.create(to)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    /** The copy's backups of the site, newest first (for {@code job=list from=}). */
    public static List<CopyCatalog.Entry> list(OffsiteCopy copy, String site, OffsiteUpload.Stores stores)
            throws IOException {
        try (CopyStore store = stores.open(copy, site)) {
            return CopyCatalog.of(site, store.list());
        }
    }
}
