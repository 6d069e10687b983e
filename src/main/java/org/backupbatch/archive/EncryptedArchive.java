package org.backupbatch.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.backupbatch.errors.FatalError;

/**
 * Encryption at rest of a finished archive, and its checks. A backup seals its verified tar.gz
 * into {@code ….tar.gz.gpg} beside a sidecar manifest that records both files' sizes and sums;
 * the ciphertext is checked before it is published, as a reader without the key can check it
 * later ({@link #checkCiphertext}); one with the key decrypts it whole and checks the plaintext
 * against the sidecar ({@link #decryptTo}).
 */
public final class EncryptedArchive {

    /** The file extension OpenPGP tools expect of a binary message. */
    public static final String SUFFIX = ".gpg";
    public static final String CIPHER = "AES-256";

    private EncryptedArchive() {
    }

    /**
     * What sealing left beside the plain archive, for publishing.
     *
     * @param archive  the ciphertext
     * @param manifest the sidecar manifest
     * @param sha256   the ciphertext's sum, for the {@code .sha256} file
     */
    public record Sealed(Path archive, Path manifest, String sha256) {
    }

    /**
     * Encrypts a verified plain archive and checks the result: its packets and sum, and, when a
     * decryptor is given, that it decrypts to the very bytes that were verified.
     *
     * @param plain          the verified archive, in the work folder
     * @param plainSha256    its sum
     * @param insideManifest the manifest inside the archive
     * @param plainName      the name the archive would have unencrypted ({@code
     *                       backup-<site>-<id>.tar.gz}); the ciphertext is named with {@link #SUFFIX}
     * @param check          opens the ciphertext again; null when no private key or passphrase
     *                       is at hand (public-key encryption without the private key)
     */
    public static Sealed seal(Path plain, String plainSha256, byte[] insideManifest, String plainName,
            OpenPgpEncryptor encryptor, OpenPgpDecryptor check) throws IOException {
        Path cipher = plain.resolveSibling(plainName + SUFFIX + ".part");
        EncryptionRecord.Content written = encryptor.encrypt(plain, cipher, plainName);
        EncryptionRecord record = new EncryptionRecord(EncryptionRecord.TYPE, encryptor.method(), CIPHER,
                encryptor.recipients(), new EncryptionRecord.Content(plainName, Files.size(plain), plainSha256),
                new EncryptionRecord.Content(plainName + SUFFIX, written.bytes(), written.sha256()));
        checkCiphertext(cipher, record, written.sha256());
        if (check != null) {
            EncryptionRecord.Content opened = check.decrypt(cipher, OutputStream.nullOutputStream(), plainName);
            expect(opened.equals(record.plaintext()), "encrypted archive " + cipher + " does not decrypt to the "
                    + "verified archive");
        }
        Path manifest = PrivateFiles.write(plain.resolveSibling("manifest.sidecar.json"),
                SidecarManifest.withEncryption(insideManifest, record));
        return new Sealed(cipher, manifest, written.sha256());
    }

    /**
     * Checks a ciphertext without any key: its sha256 against the {@code .sha256} file's and the
     * sidecar's, its size, and its packets ({@link OpenPgpPackets}). Throws {@link FatalError}.
     *
     * @param sha256 the sum the {@code .sha256} file gives
     */
    public static OpenPgpPackets.Structure checkCiphertext(Path cipher, EncryptionRecord record, String sha256)
            throws IOException {
        OpenPgpPackets.Structure structure = OpenPgpPackets.check(cipher, OpenPgpEncryptor.sealedBodyLength(
                record.plaintext().bytes(), record.plaintext().name()));
        expect(structure.sha256().equals(sha256), "encrypted archive " + cipher + ": sha256 differs from the "
                + "recorded one");
        expect(structure.sha256().equals(record.ciphertext().sha256()) && structure.bytes()
                == record.ciphertext().bytes(), "encrypted archive " + cipher + " differs from its manifest's "
                        + "ciphertext (size or sha256)");
        return structure;
    }

    /**
     * Decrypts a checked ciphertext whole into {@code plain} (0600; replaced once complete) and
     * checks the plaintext's size and sha256 against the sidecar's record.
     */
    public static void decryptTo(Path cipher, Path plain, OpenPgpDecryptor decryptor, EncryptionRecord record)
            throws IOException {
        Path part = plain.resolveSibling(plain.getFileName() + ".part");
        try {
            EncryptionRecord.Content opened;
            try (OutputStream out = PrivateFiles.create(part)) {
                opened = decryptor.decrypt(cipher, out, record.plaintext().name());
            }
            expect(opened.bytes() == record.plaintext().bytes()
                    && opened.sha256().equals(record.plaintext().sha256()), "encrypted archive " + cipher
                            + " decrypts to " + opened.bytes() + " bytes whose sha256 differs from its manifest's "
                            + "plaintext");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part); // unchecked plaintext: nobody may read it
            throw e;
        }
        Files.move(part, plain, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new FatalError("verification failed: " + message);
        }
    }
}
