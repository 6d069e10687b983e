package org.backupbatch.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;

/**
 * The private key a site logs in with (ed25519, ECDSA or RSA; OpenSSH or PEM format), and its
 * passphrase when it has one. Loading it tells each problem apart, because each has its own fix:
 * a file others may read (refused, as OpenSSH does), a file that is not a key, an encrypted key
 * without a passphrase, a wrong passphrase. {@link #toString()} never shows the passphrase.
 */
public final class PrivateKeyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path file;
    private final String passphrase;

    /**
     * @param file       the private key file, absolute
     * @param passphrase its passphrase, or null when it has none
     */
    public PrivateKeyFile(Path file, String passphrase) {
        this.file = file;
        this.passphrase = passphrase;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads and decrypts the key and makes it the one identity {@code jsch} logs in with.
     *
     * @return the public key as {@code <type> SHA256:<fingerprint>}, for messages
     * @throws ConfigurationError for a file readable by others, unreadable, not a key, or an
     *                            encrypted key without a passphrase (exit 2)
     * @throws FatalError         for a wrong passphrase (exit 1)
     */
    String addTo(JSch jsch) {
        checkMode();
        byte[] bytes = read();
        try {
            KeyPair pair = parse(jsch, bytes);
            decrypt(pair);
            jsch.addIdentity(new KeyPairIdentity(file.toString(), pair), null);
            return Fingerprints.describe(pair.getPublicKeyBlob());
        } catch (JSchException e) {
            throw new ConfigurationError("ssh.private_key_path: " + file + " cannot be used: " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Refuses a key that group or others may read or write, as OpenSSH does ("UNPROTECTED PRIVATE KEY FILE"). */
    private void checkMode() {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to compare with OpenSSH's rule
        } catch (NoSuchFileException e) {
            throw new ConfigurationError("ssh.private_key_path: " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigurationError("ssh.private_key_path: cannot read the mode of " + file + ": " + e, e);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new ConfigurationError("ssh.private_key_path: permissions " + octal(permissions) + " for " + file
                    + " are too open: other users may read this private key, and OpenSSH refuses such a key too; "
                    + "run: chmod 600 " + file);
        }
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationError("ssh.private_key_path: cannot read " + file + ": " + e, e);
        }
    }

    private KeyPair parse(JSch jsch, byte[] bytes) {
        try {
            return KeyPair.load(jsch, bytes.clone(), null);
        } catch (JSchException e) {
            throw new ConfigurationError("ssh.private_key_path: " + file + " is not a private key this tool can read "
                    + "(ed25519, ECDSA or RSA, in OpenSSH or PEM format): " + e.getMessage(), e);
        }
    }

    private void decrypt(KeyPair pair) {
        if (!pair.isEncrypted()) {
            return;
        }
        if (passphrase == null) {
            throw new ConfigurationError("ssh.private_key_path: " + file + " is protected by a passphrase; give it "
                    + "as ssh.private_key_passphrase (from the environment: ${VARIABLE})");
        }
        byte[] secret = passphrase.getBytes(StandardCharsets.UTF_8);
        try {
            if (!pair.decrypt(secret)) {
                throw new FatalError("wrong passphrase for the private key " + file
                        + ": it does not decrypt the key; check ssh.private_key_passphrase");
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    @Override
    public String toString() {
        return file + (passphrase == null ? "" : " (with a passphrase)");
    }
}
