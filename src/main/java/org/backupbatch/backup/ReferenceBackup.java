package org.backupbatch.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Function;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.Sha256;
import org.backupbatch.retention.BackupCatalog;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup an incremental night builds on: the site's newest complete backup (its
 * {@code .sha256} is there, so it was verified before it was published) other than the one being
 * made, of kind {@code backup}, not encrypted at rest, with a readable sidecar manifest. Members
 * copied from it must be what was verified: {@link #check} re-reads the whole archive against its
 * {@code .sha256} before anything is copied. Shared by the files part and the database part of
 * issue 15: each asks {@link #find} with its own test of what it needs from the manifest.
 *
 * @param files    the reference's files (archive, manifest, {@code .sha256}, files index)
 * @param manifest its sidecar manifest
 */
public record ReferenceBackup(BackupFiles files, Manifest manifest) {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBackup.class);

    /**
     * What {@link #find} found: a reference, or why there is none (a sentence for the log and
     * the manifest's warnings, e.g. "no complete backup before this one").
     */
    public record Choice(ReferenceBackup reference, String reason) {

        public boolean found() {
            return reference != null;
        }
    }

    /** A reference that cannot be used after all: missing, or its bytes differ from what was verified. */
    public static final class Unusable extends IOException {
        public Unusable(String message) {
            super(message);
        }
    }

    /**
     * The newest complete backup of {@code current}'s site before it.
     *
     * @param usable says why the manifest cannot serve (patterns differ, no member map…), or null when it can
     */
    public static Choice find(BackupFiles current, Function<Manifest, String> usable) {
        List<BackupFiles> complete;
        try {
            complete = BackupCatalog.complete(current.siteFolder(), current.site());
        } catch (IOException e) {
            return new Choice(null, "the backups of " + current.site() + " cannot be listed: " + e.getMessage());
        }
        for (int i = complete.size() - 1; i >= 0; i--) {
            BackupFiles newest = complete.get(i);
            if (newest.id().equals(current.id()) || !newest.id().time().isBefore(current.id().time())) {
                continue;
            }
            Manifest manifest;
            try {
                manifest = Manifest.fromJson(Files.readAllBytes(newest.manifest()));
            } catch (IOException | RuntimeException e) {
                return new Choice(null, "the manifest of backup " + newest.id().value() + " cannot be read: " + e);
            }
            if (!Manifest.KIND_BACKUP.equals(manifest.kind() == null ? Manifest.KIND_BACKUP : manifest.kind())) {
                continue; // a restore's safety snapshot takes what the restore chose, not the site's selection
            }
            if (newest.isEncrypted()) {
                return new Choice(null, "backup " + newest.id().value() + " is encrypted at rest");
            }
            String why = usable.apply(manifest);
            if (why != null) {
                return new Choice(null, "backup " + newest.id().value() + ": " + why);
            }
            return new Choice(new ReferenceBackup(newest, manifest), null);
        }
        return new Choice(null, "no complete backup of " + current.site() + " before this one");
    }

    /** The reference's id, as the summary line and the manifest name it. */
    public String id() {
        return files.id().value();
    }

    /**
     * Re-reads the reference's archive and compares its sha256 with its {@code .sha256}: what is
     * copied from it afterwards is what was verified when it was published.
     *
     * @throws Unusable when the archive is gone or differs
     */
    public void check() throws IOException {
        String published = files.publishedSha256();
        if (published == null || !Files.isRegularFile(files.plainArchive())) {
            throw new Unusable("reference backup " + id() + " is gone");
        }
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(files.plainArchive()), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String actual = Sha256.hex(digest);
        if (!actual.equals(published)) {
            throw new Unusable("reference backup " + id() + " fails its check: sha256 " + actual + ", its .sha256 says "
                    + published);
        }
        LOG.debug("reference backup {} checks out", id());
    }
}
