package org.backupbatch.archive;

import java.util.List;

/**
 * How an encrypted backup was sealed, as its {@code .manifest.json} sidecar records it (the
 * {@code encryption} object; the manifest inside the archive has none): enough to check the
 * ciphertext without the private key and to say which key opens it.
 *
 * @param type       {@code openpgp}
 * @param method     {@link #PUBLIC_KEY} or {@link #PASSPHRASE}
 * @param cipher     the symmetric cipher ({@code AES-256})
 * @param recipients the keys it is encrypted to; empty with a passphrase
 * @param plaintext  the tar.gz that was encrypted
 * @param ciphertext the {@code .tar.gz.gpg} as published
 */
public record EncryptionRecord(String type, String method, String cipher, List<Recipient> recipients,
        Content plaintext, Content ciphertext) {

    public static final String TYPE = "openpgp";
    public static final String PUBLIC_KEY = "public-key";
    public static final String PASSPHRASE = "passphrase";

    public EncryptionRecord {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * A recipient key.
     *
     * @param fingerprint the certificate's fingerprint (what {@code gpg --list-keys} shows)
     * @param keyId       the encryption subkey's id (what the ciphertext and {@code gpg
     *                    --list-packets} name)
     * @param userId      the primary user id; null when the key has none
     */
    public record Recipient(String fingerprint, String keyId, String userId) {
    }

    /**
     * One file's name, size in bytes and sha256.
     */
    public record Content(String name, long bytes, String sha256) {
    }

    /** The recipients' fingerprints, comma-separated, for messages. */
    public String fingerprints() {
        return String.join(", ", recipients.stream().map(Recipient::fingerprint).toList());
    }
}
