package org.backupbatch.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * Opens an encrypted archive with a private key or a passphrase, streaming. {@link #decrypt}
 * reads it whole and checks its integrity code (MDC) at the end: only then may what was written
 * be trusted. {@link #open} gives the plaintext to read a part of it before that check (as a
 * restore plans from a plain archive before verifying it). A message that is not
 * integrity-protected is refused.
 */
public final class OpenPgpDecryptor {

    private final OpenPgpKeys.SecretKey secretKey;
    private final char[] passphrase;
    private final String label;

    private OpenPgpDecryptor(OpenPgpKeys.SecretKey secretKey, char[] passphrase, String label) {
        this.secretKey = secretKey;
        this.passphrase = passphrase;
        this.label = label;
    }

    public static OpenPgpDecryptor withSecretKey(OpenPgpKeys.SecretKey key) {
        return new OpenPgpDecryptor(key, null, null);
    }

    /**
     * The decryptor a configuration gives: its passphrase, else its private key (with that key's
     * passphrase, if any); null when it gives neither.
     *
     * @param label names the settings in messages, e.g. {@code jobs/blog.yaml: backup.encryption}
     */
    public static OpenPgpDecryptor configured(char[] passphrase, Path privateKey, char[] keyPassphrase,
            String label) {
        if (passphrase != null) {
            return withPassphrase(passphrase, label + ".passphrase");
        }
        return privateKey == null ? null
                : withSecretKey(OpenPgpKeys.secretKey(privateKey, keyPassphrase, label + ".private_key"));
    }

    /** @param label names the passphrase's setting in messages */
    public static OpenPgpDecryptor withPassphrase(char[] passphrase, String label) {
        return new OpenPgpDecryptor(null, passphrase.clone(), label);
    }

    /**
     * Whether its private key unlocks the key with that id (16 hex digits); false with a
     * passphrase. A key passphrase that is missing or wrong is a {@link ConfigurationError}.
     */
    public boolean unlocks(String keyId) {
        return secretKey != null && secretKey.unlocks(keyId);
    }

    /** {@code private key <fingerprint> (<file>)}, or {@code passphrase}. */
    public String describe() {
        return secretKey != null ? secretKey.toString() : "passphrase";
    }

    /**
     * Decrypts the whole file into {@code out} and checks its integrity; throws {@link
     * FatalError} when the ciphertext was changed.
     *
     * @return the plaintext's size and sha256, named {@code name}
     */
    public EncryptionRecord.Content decrypt(Path cipher, OutputStream out, String name) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (Opened opened = openMessage(cipher)) {
            long bytes = opened.plaintext.transferTo(new DigestOutputStream(out, digest));
            expect(cipher, opened.rest.nextObject() == null, "data after the literal data");
            expect(cipher, opened.encrypted.verify(), "its integrity check (MDC) fails: the ciphertext was changed");
            return new EncryptionRecord.Content(name, bytes, Sha256.hex(digest));
        } catch (PGPException e) {
            throw new FatalError("encrypted archive " + cipher + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext, from its first byte; closing it closes the file. Nothing is checked at its
     * end: use it to read a part before {@link #decrypt} has checked the whole.
     */
    public InputStream open(Path cipher) throws IOException {
        Opened opened = openMessage(cipher);
        return new FilterInputStream(opened.plaintext) {
            @Override
            public void close() throws IOException {
                opened.close();
            }
        };
    }

    private Opened openMessage(Path cipher) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(cipher), 1 << 16);
        try {
            Object first = new BcPGPObjectFactory(file).nextObject();
            expect(cipher, first instanceof PGPEncryptedDataList, "not an OpenPGP encrypted message");
            PGPEncryptedData encrypted = null;
            InputStream clear = null;
            for (PGPEncryptedData candidate : (PGPEncryptedDataList) first) {
                clear = dataStream(cipher, candidate);
                if (clear != null) {
                    encrypted = candidate;
                    break;
                }
            }
            if (clear == null) {
                throw noKey(cipher, (PGPEncryptedDataList) first);
            }
            expect(cipher, encrypted.isIntegrityProtected() && !encrypted.isAEAD(), "not integrity-protected (no "
                    + "SEIPD v1 packet)");
            BcPGPObjectFactory plain = new BcPGPObjectFactory(clear);
            Object data = plain.nextObject();
            if (data instanceof PGPCompressedData compressed) {
                // gpg compresses by default: accept a file encrypted by hand with gpg too
                plain = new BcPGPObjectFactory(compressed.getDataStream());
                data = plain.nextObject();
            }
            expect(cipher, data instanceof PGPLiteralData, "no literal data packet inside");
            return new Opened(file, encrypted, ((PGPLiteralData) data).getInputStream(), plain);
        } catch (PGPException e) {
            file.close();
            throw new FatalError("encrypted archive " + cipher + " cannot be opened: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The data stream when this packet is for our key or passphrase; null when it is not. */
    private InputStream dataStream(Path cipher, PGPEncryptedData candidate) throws PGPException {
        if (candidate instanceof PGPPublicKeyEncryptedData pk && secretKey != null) {
            PGPPrivateKey key = secretKey.privateKey(pk.getKeyID());
            return key == null ? null : pk.getDataStream(new BcPublicKeyDataDecryptorFactory(key));
        }
        if (candidate instanceof PGPPBEEncryptedData pbe && passphrase != null) {
            try {
                return pbe.getDataStream(new BcPBEDataDecryptorFactory(passphrase,
                        new BcPGPDigestCalculatorProvider()));
            } catch (PGPException e) {
                // a wrong passphrase gives a wrong key: the session key's algorithm or the quick
                // check bytes come out wrong (a damaged file is caught before, by its sha256)
                throw new ConfigurationError(label + ": the passphrase does not open " + cipher
                        + " (was it encrypted with another one?)", e);
            }
        }
        return null;
    }

    private ConfigurationError noKey(Path cipher, PGPEncryptedDataList list) {
        List<String> ids = new ArrayList<>();
        boolean withPassphrase = false;
        for (PGPEncryptedData candidate : list) {
            if (candidate instanceof PGPPublicKeyEncryptedData pk) {
                ids.add(OpenPgpKeys.keyId(pk.getKeyID()));
            } else {
                withPassphrase = true;
            }
        }
        String sealedFor = ids.isEmpty() ? "is encrypted with a passphrase" : "is encrypted for key ids "
                + String.join(", ", ids) + (withPassphrase ? " and a passphrase" : "");
        String have = secretKey != null ? "the " + secretKey + " is none of them" : "only a passphrase is configured";
        return new ConfigurationError(cipher + " " + sealedFor + "; " + have);
    }

    private static void expect(Path cipher, boolean condition, String message) {
        if (!condition) {
            throw new FatalError("encrypted archive " + cipher + " is damaged: " + message);
        }
    }

    /** An open message: the file, the packet being decrypted, its plaintext and what follows it. */
    private record Opened(InputStream file, PGPEncryptedData encrypted, InputStream plaintext,
            BcPGPObjectFactory rest) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
