package org.backupbatch.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Encrypts a finished archive into a binary OpenPGP message that stock {@code gpg --decrypt}
 * opens: one session-key packet per recipient (or one for the passphrase), then one
 * integrity-protected packet (SEIPD v1, AES-256, with its SHA-1 MDC: the form every gpg since
 * 1.4 reads; the AEAD form of RFC 9580 is not read by gpg 2.2) holding a literal-data packet of
 * the archive's bytes. No compression: the archive is gzip already. Streaming, in partial-length
 * chunks of {@link #CHUNK} bytes, so archives past 4 GiB work and memory stays flat.
 */
public final class OpenPgpEncryptor {

    /** Partial-length chunk size, in bytes (a power of two). */
    static final int CHUNK = 1 << 16;
    /** Iterated and salted SHA-256 S2K: 16 MiB hashed per passphrase try. */
    private static final int S2K_COUNT = 0xE0;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<OpenPgpKeys.Recipient> recipients;
    private final char[] passphrase;

    private OpenPgpEncryptor(List<OpenPgpKeys.Recipient> recipients, char[] passphrase) {
        this.recipients = List.copyOf(recipients);
        this.passphrase = passphrase;
    }

    /** Encrypts to these public keys: any one of their private keys opens the archive. */
    public static OpenPgpEncryptor toRecipients(List<OpenPgpKeys.Recipient> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
        return new OpenPgpEncryptor(recipients, null);
    }

    /** Encrypts with a passphrase (SKESK, iterated and salted SHA-256). */
    public static OpenPgpEncryptor withPassphrase(char[] passphrase) {
        return new OpenPgpEncryptor(List.of(), passphrase.clone());
    }

    /** The method and recipients, for the sidecar manifest. */
    public String method() {
        return passphrase != null ? EncryptionRecord.PASSPHRASE : EncryptionRecord.PUBLIC_KEY;
    }

    public List<EncryptionRecord.Recipient> recipients() {
        return recipients.stream().map(r -> new EncryptionRecord.Recipient(r.fingerprint(), r.keyId(), r.userId()))
                .toList();
    }

    /**
     * Encrypts {@code plain} into a new file {@code out} (created 0600; it must not exist).
     *
     * @param name the file name recorded in the literal data (what {@code gpg
     *             --use-embedded-filename} would write)
     * @return the ciphertext's size and sha256
     */
    public EncryptionRecord.Content encrypt(Path plain, Path out, String name) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        PGPEncryptedDataGenerator generator = generator();
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        Date modified = new Date(Files.getLastModifiedTime(plain).toMillis());
        try (OutputStream file = PrivateFiles.create(out);
                Streams.Counting counted = new Streams.Counting(new DigestOutputStream(file, digest));
                OutputStream encrypted = generator.open(counted, new byte[CHUNK]);
                OutputStream data = literal.open(encrypted, PGPLiteralData.BINARY, name, modified, new byte[CHUNK]);
                InputStream in = Files.newInputStream(plain, StandardOpenOption.READ)) {
            in.transferTo(data);
            data.close();
            encrypted.close();
            counted.flush();
            return new EncryptionRecord.Content(out.getFileName().toString(), counted.count(), Sha256.hex(digest));
        } catch (PGPException e) {
            throw new IOException("cannot encrypt " + plain + ": " + e.getMessage(), e);
        }
    }

    private PGPEncryptedDataGenerator generator() {
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
                        .setSecureRandom(RANDOM));
        for (OpenPgpKeys.Recipient recipient : recipients) {
            generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient.key()).setSecureRandom(RANDOM));
        }
        if (passphrase != null) {
            try {
                generator.addMethod(new BcPBEKeyEncryptionMethodGenerator(passphrase,
                        new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), S2K_COUNT)
                        .setSecureRandom(RANDOM));
            } catch (PGPException e) {
                throw new IllegalStateException("SHA-256 is built into BouncyCastle", e);
            }
        }
        return generator;
    }

    /**
     * The length of the SEIPD packet's body that {@link #encrypt} writes for a plaintext of
     * {@code plainBytes} named {@code name}: the version octet, the cipher's random prefix (block
     * size + 2), the literal-data packet as encoded in {@link #CHUNK}-byte partial lengths, and
     * the 22-octet MDC packet. What the packet check compares with.
     */
    public static long sealedBodyLength(long plainBytes, String name) {
        long literalBody = 1 + 1 + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4 + plainBytes;
        long fullChunks = (literalBody - 1) / CHUNK;
        long last = literalBody - fullChunks * CHUNK;
        int lastHeader = last < 192 ? 1 : last < 8384 ? 2 : 5;
        long literalPacket = 1 + fullChunks * (1 + CHUNK) + lastHeader + last;
        return 1 + (16 + 2) + literalPacket + 22;
    }
}
