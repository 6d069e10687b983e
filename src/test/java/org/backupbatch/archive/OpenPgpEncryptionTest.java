package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest against the real {@code gpg}: what {@link OpenPgpEncryptor} writes, gpg
 * decrypts to the same bytes (RSA and Curve25519 keys, and a passphrase); what gpg encrypts,
 * {@link OpenPgpDecryptor} opens; the packet check passes our own output only, and a changed
 * byte is caught by the integrity code even when the sums were forged to match.
 */
class OpenPgpEncryptionTest {

    private static final String KEY_PASSPHRASE = "correct horse battery staple";

    @TempDir
    static Path keys;
    @TempDir
    Path tmp;

    static Gpg gpg;
    static String rsa;
    static String curve;
    static String protectedKey;

    @BeforeAll
    static void generateKeys() throws IOException {
        gpg = new Gpg(keys.resolve("gnupg"));
        rsa = gpg.generate("RSA Backups <rsa@example.test>", "default", "");
        curve = gpg.generate("Curve Backups <curve@example.test>", "future-default", "");
        protectedKey = gpg.generate("Protected <protected@example.test>", "future-default", KEY_PASSPHRASE);
    }

    @AfterAll
    static void stopAgent() {
        gpg.close();
    }

    @Test
    void gpgDecryptsWhatIsEncryptedToAnRsaKeyIntoTheSameBytes() throws Exception {
        assertGpgDecryptsToRecipient(rsa);
    }

    @Test
    void gpgDecryptsWhatIsEncryptedToACurve25519KeyIntoTheSameBytes() throws Exception {
        assertGpgDecryptsToRecipient(curve);
    }

    private void assertGpgDecryptsToRecipient(String fingerprint) throws Exception {
        // given: more than one partial-length chunk
        Path plain = random(3 * OpenPgpEncryptor.CHUNK + 1234);
        OpenPgpKeys.Recipient recipient = OpenPgpKeys.recipient(gpg.exportPublic(fingerprint, tmp.resolve("k.gpg")),
                "test");
        // when
        Path cipher = tmp.resolve("a.tar.gz.gpg");
        EncryptionRecord.Content written = OpenPgpEncryptor.toRecipients(List.of(recipient))
                .encrypt(plain, cipher, "a.tar.gz");
        // then
        Gpg.Result decrypted = gpg.decrypt(cipher, null);
        assertThat(decrypted.exit()).as(decrypted.stderr()).isZero();
        assertThat(decrypted.stdout()).isEqualTo(Files.readAllBytes(plain));
        assertThat(written.bytes()).isEqualTo(Files.size(cipher));
        assertThat(written.sha256()).isEqualTo(Sha256.of(cipher));
        assertThat(Files.getPosixFilePermissions(cipher)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(recipient.fingerprint()).isEqualTo(fingerprint);
        assertThat(decrypted.stderr()).as("MDC (2), AES-256 (9)").contains("[GNUPG:] DECRYPTION_INFO 2 9");
        String packets = gpg.check("--list-packets", "--batch", cipher.toString()).out();
        assertThat(packets).contains(":pubkey enc packet: version 3", "keyid " + recipient.keyId())
                .contains(":encrypted data packet:", "mdc_method: 2", ":literal data packet:")
                .doesNotContain("compressed packet");
    }

    @Test
    void gpgDecryptsWhatIsEncryptedWithAPassphrase() throws Exception {
        // given
        Path plain = random(100_000);
        Path cipher = tmp.resolve("a.tar.gz.gpg");
        // when
        OpenPgpEncryptor.withPassphrase("s3cret pass".toCharArray()).encrypt(plain, cipher, "a.tar.gz");
        // then
        Gpg.Result decrypted = gpg.decrypt(cipher, "s3cret pass");
        assertThat(decrypted.exit()).as(decrypted.stderr()).isZero();
        assertThat(decrypted.stdout()).isEqualTo(Files.readAllBytes(plain));
        assertThat(gpg.decrypt(cipher, "wrong").exit()).isNotZero();
    }

    @Test
    void whatGpgEncryptsTheDecryptorOpens() throws Exception {
        // given: gpg's defaults (compressed, to the curve key)
        Path plain = random(70_000);
        Path cipher = tmp.resolve("by-gpg.gpg");
        gpg.check("--batch", "--trust-model", "always", "--recipient", curve, "--output", cipher.toString(),
                "--encrypt", plain.toString());
        OpenPgpKeys.SecretKey key = OpenPgpKeys.secretKey(gpg.exportSecret(curve, "", tmp.resolve("s.asc")), null,
                "test");
        // when
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncryptionRecord.Content opened = OpenPgpDecryptor.withSecretKey(key).decrypt(cipher, out, "x");
        // then
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(plain));
        assertThat(opened.sha256()).isEqualTo(Sha256.of(plain));
    }

    @Test
    void aPassphraseProtectedPrivateKeyOpensWithItsPassphraseOnly() throws Exception {
        // given
        Path plain = random(5000);
        Path cipher = encryptTo(protectedKey, plain);
        Path secret = gpg.exportSecret(protectedKey, KEY_PASSPHRASE, tmp.resolve("p.asc"));
        // when
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenPgpDecryptor.withSecretKey(OpenPgpKeys.secretKey(secret, KEY_PASSPHRASE.toCharArray(), "test"))
                .decrypt(cipher, out, "x");
        // then
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(plain));
        assertThatThrownBy(() -> OpenPgpDecryptor.withSecretKey(OpenPgpKeys.secretKey(secret, "nope".toCharArray(),
                "jobs/a.yaml: backup.encryption.private_key")).decrypt(cipher, OutputStream.nullOutputStream(), "x"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("the passphrase does not unlock the private key in " + secret);
        assertThatThrownBy(() -> OpenPgpDecryptor.withSecretKey(OpenPgpKeys.secretKey(secret, null, "t"))
                .decrypt(cipher, OutputStream.nullOutputStream(), "x"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("set backup.encryption.private_key_passphrase");
    }

    @Test
    void anotherPrivateKeyIsToldWhichKeysTheArchiveIsFor() throws Exception {
        // given
        Path cipher = encryptTo(rsa, random(1000));
        OpenPgpKeys.SecretKey other = OpenPgpKeys.secretKey(gpg.exportSecret(curve, "", tmp.resolve("c.asc")), null,
                "t");
        String rsaKeyId = OpenPgpKeys.recipient(gpg.exportPublic(rsa, tmp.resolve("r.gpg")), "t").keyId();
        // then
        assertThatThrownBy(() -> OpenPgpDecryptor.withSecretKey(other).decrypt(cipher, OutputStream.nullOutputStream(),
                "x")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("is encrypted for key ids " + rsaKeyId)
                .hasMessageContaining(other.fingerprint());
    }

    @Test
    void theWrongPassphraseIsAConfigurationError() throws Exception {
        // given
        Path cipher = tmp.resolve("a.gpg");
        OpenPgpEncryptor.withPassphrase("right".toCharArray()).encrypt(random(1000), cipher, "a");
        // then
        assertThatThrownBy(() -> OpenPgpDecryptor.withPassphrase("wrong".toCharArray(), "jobs/a.yaml: "
                + "backup.encryption.passphrase").decrypt(cipher, OutputStream.nullOutputStream(), "a"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("jobs/a.yaml: backup.encryption.passphrase: the passphrase does not open");
    }

    @Test
    void thePacketCheckGivesTheBodyLengthThePlaintextSizeGives() throws Exception {
        for (int size : new int[] {0, 1, 150, 8000, OpenPgpEncryptor.CHUNK - 20, OpenPgpEncryptor.CHUNK,
            OpenPgpEncryptor.CHUNK + 1, 2 * OpenPgpEncryptor.CHUNK + 7}) {
            // given
            Path plain = random(size);
            Path cipher = tmp.resolve("s" + size + ".gpg");
            // when
            OpenPgpEncryptor.withPassphrase("p".toCharArray()).encrypt(plain, cipher, "backup-x.tar.gz");
            OpenPgpPackets.Structure structure = OpenPgpPackets.check(cipher,
                    OpenPgpEncryptor.sealedBodyLength(size, "backup-x.tar.gz"));
            // then
            assertThat(structure.passphrases()).as("size " + size).isEqualTo(1);
            assertThat(structure.keyIds()).isEmpty();
            assertThat(structure.bytes()).isEqualTo(Files.size(cipher));
            assertThat(structure.sha256()).isEqualTo(Sha256.of(cipher));
        }
    }

    @Test
    void thePacketCheckNamesTheRecipientsKeyIds() throws Exception {
        // given
        Path plain = random(1000);
        OpenPgpKeys.Recipient one = OpenPgpKeys.recipient(gpg.exportPublic(rsa, tmp.resolve("1.gpg")), "t");
        OpenPgpKeys.Recipient two = OpenPgpKeys.recipient(gpg.exportPublic(curve, tmp.resolve("2.gpg")), "t");
        Path cipher = tmp.resolve("two.gpg");
        OpenPgpEncryptor.toRecipients(List.of(one, two)).encrypt(plain, cipher, "n");
        // when
        OpenPgpPackets.Structure structure = OpenPgpPackets.check(cipher, OpenPgpEncryptor.sealedBodyLength(1000, "n"));
        // then
        assertThat(structure.keyIds()).containsExactly(one.keyId(), two.keyId());
    }

    @Test
    void aTruncatedOrExtendedCiphertextFailsThePacketCheck() throws Exception {
        // given
        Path plain = random(2 * OpenPgpEncryptor.CHUNK);
        Path cipher = tmp.resolve("c.gpg");
        OpenPgpEncryptor.withPassphrase("p".toCharArray()).encrypt(plain, cipher, "n");
        long body = OpenPgpEncryptor.sealedBodyLength(Files.size(plain), "n");
        byte[] bytes = Files.readAllBytes(cipher);
        Path truncated = Files.write(tmp.resolve("t.gpg"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Path extended = Files.write(tmp.resolve("e.gpg"), java.util.Arrays.copyOf(bytes, bytes.length + 1));
        Path notPgp = Files.write(tmp.resolve("n.gpg"), Files.readAllBytes(plain));
        // then
        assertThatThrownBy(() -> OpenPgpPackets.check(truncated, body)).isInstanceOf(FatalError.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> OpenPgpPackets.check(extended, body)).isInstanceOf(FatalError.class)
                .hasMessageContaining("data after its SEIPD packet");
        assertThatThrownBy(() -> OpenPgpPackets.check(notPgp, body)).isInstanceOf(FatalError.class)
                .hasMessageContaining("is damaged");
        assertThatThrownBy(() -> OpenPgpPackets.check(cipher, body + 1)).isInstanceOf(FatalError.class)
                .hasMessageContaining("the recorded plaintext gives " + (body + 1));
    }

    @Test
    void aChangedByteIsCaughtByTheIntegrityCodeEvenWhenTheSumsWereForged() throws Exception {
        // given: a byte in the middle of the encrypted data changed; the packets still parse
        Path plain = random(3 * OpenPgpEncryptor.CHUNK);
        Path cipher = tmp.resolve("c.gpg");
        OpenPgpEncryptor.withPassphrase("p".toCharArray()).encrypt(plain, cipher, "n");
        flip(cipher, Files.size(cipher) / 2 + 3);
        OpenPgpPackets.check(cipher, OpenPgpEncryptor.sealedBodyLength(Files.size(plain), "n"));
        // then
        assertThatThrownBy(() -> OpenPgpDecryptor.withPassphrase("p".toCharArray(), "t").decrypt(cipher,
                OutputStream.nullOutputStream(), "n")).isInstanceOf(FatalError.class)
                .hasMessageContaining("integrity check (MDC) fails");
        assertThat(gpg.decrypt(cipher, "p").exit()).as("gpg refuses it too").isNotZero();
    }

    @Test
    void openGivesThePlaintextFromItsStartForReadingAPart() throws Exception {
        // given
        Path plain = random(3 * OpenPgpEncryptor.CHUNK);
        Path cipher = tmp.resolve("c.gpg");
        OpenPgpEncryptor.withPassphrase("p".toCharArray()).encrypt(plain, cipher, "n");
        // when
        byte[] start;
        try (InputStream in = OpenPgpDecryptor.withPassphrase("p".toCharArray(), "t").open(cipher)) {
            start = in.readNBytes(1000);
        }
        // then
        assertThat(start).isEqualTo(java.util.Arrays.copyOf(Files.readAllBytes(plain), 1000));
    }

    @Test
    void aKeyFileOfTheWrongKindIsAConfigurationErrorNamingIt() throws Exception {
        // given
        Path secret = gpg.exportSecret(rsa, "", tmp.resolve("secret.asc"));
        Path publicOnly = gpg.exportPublic(rsa, tmp.resolve("public.gpg"));
        Path garbage = Files.writeString(tmp.resolve("garbage.asc"), "not a key");
        // then
        assertThatThrownBy(() -> OpenPgpKeys.recipient(secret, "jobs/a.yaml: backup.encryption.recipients[0]"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("jobs/a.yaml: backup.encryption.recipients[0]: " + secret
                        + " holds a private key");
        assertThatThrownBy(() -> OpenPgpKeys.secretKey(publicOnly, null, "l")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("holds a public key only");
        assertThatThrownBy(() -> OpenPgpKeys.recipient(garbage, "l")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining(garbage + " is not an OpenPGP key");
    }

    private Path encryptTo(String fingerprint, Path plain) throws IOException {
        OpenPgpKeys.Recipient recipient = OpenPgpKeys.recipient(gpg.exportPublic(fingerprint,
                tmp.resolve(fingerprint + ".gpg")), "t");
        Path cipher = tmp.resolve(fingerprint + "-" + System.nanoTime() + ".gpg");
        OpenPgpEncryptor.toRecipients(List.of(recipient)).encrypt(plain, cipher, "x");
        return cipher;
    }

    private Path random(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(tmp.resolve("plain-" + size + "-" + System.nanoTime()), bytes);
    }

    static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }
}
