package org.backupbatch.ssh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Public keys as people compare them: the key type and OpenSSH's {@code SHA256:<base64>}
 * fingerprint, the same text {@code ssh-keygen -lf} and {@code ssh} print, so a user can hold
 * our message beside what the host's administrator reads out.
 */
final class Fingerprints {

    private Fingerprints() {
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the key blob (SSH wire format). */
    static String sha256(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The key type a blob starts with, e.g. {@code ssh-ed25519}; {@code unknown} if unreadable. */
    static String type(byte[] blob) {
        if (blob == null || blob.length < 4) {
            return "unknown";
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length <= 0 || length > blob.length - 4) {
            return "unknown";
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    /** {@code <type> SHA256:<base64>}, for messages. */
    static String describe(byte[] blob) {
        return type(blob) + " " + sha256(blob);
    }
}
