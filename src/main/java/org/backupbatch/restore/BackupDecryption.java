package org.backupbatch.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.archive.EncryptedArchive;
import org.backupbatch.archive.EncryptionRecord;
import org.backupbatch.archive.OpenPgpDecryptor;
import org.backupbatch.archive.SidecarManifest;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.retention.BackupFiles;

/**
 * How a restore opens a backup encrypted at rest: with the passphrase or private key that the
 * source site's file gives ({@code backup.encryption}), checked against what the backup's
 * manifest says it is encrypted for, before anything changes. A backup that cannot be opened is
 * a {@link ConfigurationError} saying which key and where to set it (exit 2).
 */
final class BackupDecryption {

    private BackupDecryption() {
    }

    /**
     * The plain archive to verify, the manifest it must hold and its sum.
     *
     * @param manifest the manifest inside the archive
     */
    record Plain(Path archive, byte[] manifest, String sha256) {
    }

    /**
     * A plain backup as it is; an encrypted one checked without the key (its sum against the
     * {@code .sha256}, its packets), then decrypted whole into {@code copy} (0600) and checked
     * against the sidecar's plaintext record.
     */
    static Plain prepare(SiteConfig source, BackupFiles backup, Path copy) throws IOException {
        byte[] sidecar = Files.readAllBytes(backup.manifest());
        String sha256 = Files.readString(backup.checksum(), StandardCharsets.UTF_8).strip().split("\\s+")[0];
        if (!backup.isEncrypted()) {
            // a drill may have recorded itself in the sidecar since: the inside manifest lacks that
            return new Plain(backup.archive(), SidecarManifest.inside(sidecar), sha256);
        }
        EncryptionRecord record = record(backup, sidecar);
        OpenPgpDecryptor decryptor = decryptor(source, backup, record);
        EncryptedArchive.checkCiphertext(backup.archive(), record, sha256);
        EncryptedArchive.decryptTo(backup.archive(), copy, decryptor, record);
        return new Plain(copy, SidecarManifest.inside(sidecar), record.plaintext().sha256());
    }

    /**
     * The archive to plan from, before the job has verified and decrypted it: a plain backup's
     * own file, or an encrypted one decrypted as it is read. The key or passphrase is tried now,
     * on the session key, so that a restore that cannot open the backup stops before it starts.
     */
    static PlainArchive forPlanning(SiteConfig source, BackupFiles backup) throws IOException {
        if (!backup.isEncrypted()) {
            return PlainArchive.of(backup.archive());
        }
        EncryptionRecord record = record(backup, Files.readAllBytes(backup.manifest()));
        OpenPgpDecryptor decryptor = decryptor(source, backup, record);
        try (InputStream first = decryptor.open(backup.archive())) {
            first.read();
        }
        return PlainArchive.decrypting(backup.archive(), decryptor);
    }

    private static EncryptionRecord record(BackupFiles backup, byte[] sidecar) throws IOException {
        EncryptionRecord record = SidecarManifest.encryption(sidecar);
        if (record == null) {
            throw new FatalError("backup " + backup.id() + ": " + backup.archive() + " is encrypted but "
                    + backup.manifest() + " records no encryption; the manifest is not this archive's");
        }
        return record;
    }

    /** What opens the backup, from the source site's configuration; refused when it gives nothing that does. */
    private static OpenPgpDecryptor decryptor(SiteConfig source, BackupFiles backup, EncryptionRecord record) {
        SiteConfig.Encryption configured = source.backup().encryption();
        String name = "backup " + backup.id() + " of site " + backup.site();
        boolean byPassphrase = EncryptionRecord.PASSPHRASE.equals(record.method());
        if (byPassphrase && (configured == null || configured.passphrase() == null)) {
            throw new ConfigurationError(name + " is encrypted with a passphrase; set backup.encryption.passphrase "
                    + "in " + source.sourceFile());
        }
        if (!byPassphrase && (configured == null || configured.privateKey() == null)) {
            throw new ConfigurationError(name + " is encrypted for key " + record.fingerprints()
                    + "; set backup.encryption.private_key in " + source.sourceFile());
        }
        String label = source.sourceFile() + ": backup.encryption";
        OpenPgpDecryptor decryptor = OpenPgpDecryptor.configured(chars(configured.passphrase()),
                configured.privateKey(), chars(configured.privateKeyPassphrase()), label);
        if (!byPassphrase && record.recipients().stream().noneMatch(r -> decryptor.unlocks(r.keyId()))) {
            throw new ConfigurationError(name + " is encrypted for key " + record.fingerprints() + "; the "
                    + decryptor.describe() + " set in " + source.sourceFile() + " is not that key");
        }
        return decryptor;
    }

    private static char[] chars(Secret secret) {
        return secret == null ? null : secret.reveal().toCharArray();
    }
}
