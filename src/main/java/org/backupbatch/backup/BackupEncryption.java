package org.backupbatch.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.OpenPgpDecryptor;
import org.backupbatch.archive.OpenPgpEncryptor;
import org.backupbatch.archive.OpenPgpKeys;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;

/**
 * A site's {@code backup.encryption} as the archive package takes it: whom an archive is sealed
 * for, and what, if anything, opens it again to check it. Key files that cannot be used are
 * {@link ConfigurationError}s naming the site file and field.
 */
final class BackupEncryption {

    private BackupEncryption() {
    }

    /** The encryptor, or null when the site's archives are not encrypted. */
    static OpenPgpEncryptor encryptor(SiteConfig config) {
        SiteConfig.Encryption encryption = config.backup().encryption();
        if (encryption == null) {
            return null;
        }
        if (encryption.passphrase() != null) {
            return OpenPgpEncryptor.withPassphrase(chars(encryption.passphrase()));
        }
        List<OpenPgpKeys.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < encryption.recipients().size(); i++) {
            recipients.add(OpenPgpKeys.recipient(encryption.recipients().get(i), label(config) + ".recipients[" + i
                    + "]"));
        }
        return OpenPgpEncryptor.toRecipients(recipients);
    }

    /** What opens the site's archives again: its passphrase or private key; null when neither is given. */
    static OpenPgpDecryptor checker(SiteConfig config) {
        SiteConfig.Encryption encryption = config.backup().encryption();
        return encryption == null ? null : OpenPgpDecryptor.configured(chars(encryption.passphrase()),
                encryption.privateKey(), chars(encryption.privateKeyPassphrase()), label(config));
    }

    /**
     * Checks, before any transfer, that the keys can be used: each recipient's file gives a
     * valid encryption key, and a configured private key belongs to one of them and unlocks.
     */
    static void check(SiteConfig config) {
        OpenPgpEncryptor encryptor = encryptor(config);
        SiteConfig.Encryption encryption = config.backup().encryption();
        if (encryptor == null || encryption.privateKey() == null) {
            return;
        }
        OpenPgpKeys.SecretKey key = OpenPgpKeys.secretKey(encryption.privateKey(),
                chars(encryption.privateKeyPassphrase()), label(config) + ".private_key");
        List<String> fingerprints = new ArrayList<>();
        for (var recipient : encryptor.recipients()) {
            if (key.unlocks(recipient.keyId())) {
                return;
            }
            fingerprints.add(recipient.fingerprint());
        }
        throw new ConfigurationError(label(config) + ".private_key: " + key + " is not the private key of any "
                + "recipient (" + String.join(", ", fingerprints) + ")");
    }

    /** {@code jobs/<site>.yaml: backup.encryption}. */
    private static String label(SiteConfig config) {
        Path file = config.sourceFile();
        return file.getParent().getFileName() + "/" + file.getFileName() + ": backup.encryption";
    }

    private static char[] chars(Secret secret) {
        return secret == null ? null : secret.reveal().toCharArray();
    }
}
