package org.backupbatch.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.backupbatch.errors.ConfigurationError;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;

/**
 * OpenPGP keys read from files as {@code gpg --export} and {@code gpg --export-secret-keys} write
 * them (binary or ASCII-armoured). A public key file gives one recipient: its newest encryption
 * key that is valid now (bound, not revoked, not expired), as gpg itself chooses. Every problem
 * is a {@link ConfigurationError} starting with the caller's label (the site file and field), so
 * the user knows which file to fix.
 */
public final class OpenPgpKeys {

    private OpenPgpKeys() {
    }

    /**
     * One recipient of an encrypted backup.
     *
     * @param fingerprint the certificate's (primary key's) fingerprint, upper-case hex, as gpg
     *                    prints it
     * @param keyId       the encryption key's 64-bit id, upper-case hex (what the ciphertext names)
     * @param userId      the primary user id, or null
     * @param key         the encryption key
     */
    public record Recipient(String fingerprint, String keyId, String userId, PGPPublicKey key) {
    }

    /**
     * Reads the recipient of a public key file.
     *
     * @param label names the setting in messages, e.g. {@code jobs/blog.yaml:
     *              backup.encryption.recipients[0]}
     */
    public static Recipient recipient(Path file, String label) {
        OpenPGPCertificate certificate = read(file, label);
        if (certificate instanceof OpenPGPKey) {
            throw new ConfigurationError(label + ": " + file + " holds a private key; give the public key "
                    + "(gpg --export KEY > file), and keep the private key off the backup host");
        }
        List<OpenPGPCertificate.OpenPGPComponentKey> keys = new ArrayList<>(certificate.getEncryptionKeys());
        if (keys.isEmpty()) {
            throw new ConfigurationError(label + ": key " + fingerprint(certificate) + " in " + file
                    + " has no encryption key valid now (expired or revoked?); renew it or give another key");
        }
        keys.sort(Comparator.comparing(k -> k.getPGPPublicKey().getCreationTime()));
        PGPPublicKey key = keys.get(keys.size() - 1).getPGPPublicKey();
        var userId = certificate.getPrimaryUserId();
        return new Recipient(fingerprint(certificate), keyId(key.getKeyID()),
                userId == null ? null : userId.getUserId(), key);
    }

    /**
     * A private key, read from a file, that opens the backups encrypted to it.
     *
     * @param passphrase the key's passphrase, or null when it has none
     */
    public static SecretKey secretKey(Path file, char[] passphrase, String label) {
        OpenPGPCertificate read = read(file, label);
        if (!(read instanceof OpenPGPKey key)) {
            throw new ConfigurationError(label + ": " + file + " holds a public key only; give the private key "
                    + "(gpg --export-secret-keys KEY > file)");
        }
        return new SecretKey(file, key, passphrase == null ? null : passphrase.clone(), label);
    }

    /** A certificate's fingerprint, upper-case hex. */
    static String fingerprint(OpenPGPCertificate certificate) {
        return HexFormat.of().withUpperCase().formatHex(certificate.getFingerprint());
    }

    /** A key id as 16 upper-case hex digits, as gpg prints it. */
    public static String keyId(long id) {
        return String.format(Locale.ROOT, "%016X", id);
    }

    private static OpenPGPCertificate read(Path file, String label) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationError(label + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return new OpenPGPKeyReader().parseKeyOrCertificate(bytes);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationError(label + ": " + file + " is not an OpenPGP key (" + e.getMessage() + ")", e);
        }
    }

    /** A private key file and its passphrase; unlocks the key a ciphertext names. */
    public static final class SecretKey {

        private final Path file;
        private final OpenPGPKey key;
        private final char[] passphrase;
        private final String label;

        private SecretKey(Path file, OpenPGPKey key, char[] passphrase, String label) {
            this.file = file;
            this.key = key;
            this.passphrase = passphrase;
            this.label = label;
        }

        public Path file() {
            return file;
        }

        public String fingerprint() {
            return OpenPgpKeys.fingerprint(key);
        }

        /** Whether this key holds the secret part of the key with that id. */
        public boolean holds(long keyId) {
            var secret = key.getSecretKey(new KeyIdentifier(keyId));
            return secret != null && !secret.getPGPSecretKey().isPrivateKeyEmpty();
        }

        /**
         * Whether this key unlocks the key with that id (16 hex digits); a passphrase that is
         * missing or wrong is a {@link ConfigurationError}.
         */
        public boolean unlocks(String keyId) {
            return privateKey(Long.parseUnsignedLong(keyId, 16)) != null;
        }

        /** The unlocked private key with that id, or null when this key has none. */
        PGPPrivateKey privateKey(long keyId) {
            if (!holds(keyId)) {
                return null;
            }
            OpenPGPKey.OpenPGPSecretKey secret = key.getSecretKey(new KeyIdentifier(keyId));
            if (secret.isLocked() && passphrase == null) {
                throw new ConfigurationError(label + ": the private key in " + file + " is protected by a passphrase;"
                        + " set backup.encryption.private_key_passphrase");
            }
            try {
                return secret.unlock(secret.isLocked() ? passphrase : null).getKeyPair().getPrivateKey();
            } catch (PGPException e) {
                throw new ConfigurationError(label + ": the passphrase does not unlock the private key in " + file
                        + "; check backup.encryption.private_key_passphrase", e);
            }
        }

        @Override
        public String toString() {
            return "private key " + fingerprint() + " (" + file + ")";
        }
    }
}
