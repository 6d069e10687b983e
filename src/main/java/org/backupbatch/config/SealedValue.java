package org.backupbatch.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A secret sealed for a site file: {@code ENC(v1:<base64 of nonce ‖ ciphertext ‖ tag>)}, AES-256-GCM
 * from the JDK with a random 96-bit nonce per value and a 128-bit tag. The associated data binds
 * the ciphertext to this use, so a GCM value sealed by another program with the same key does not
 * open here; the tag makes any changed byte, or another key, fail as a whole.
 */
public final class SealedValue {

    /** What every sealed value starts with. */
    public static final String PREFIX = "ENC(";

    private static final String VERSION = "v1";
    private static final Pattern FORMAT = Pattern.compile("ENC\\(([^:()]*):([^()]*)\\)");
    private static final byte[] ASSOCIATED_DATA = "backup-batch sealed value v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedValue() {
    }

    /** Whether a configuration value is meant as a sealed one (then it must open). */
    public static boolean isSealed(String text) {
        return text.startsWith(PREFIX);
    }

    /** Seals a secret: a new {@code ENC(v1:…)} value on every call, even for the same secret. */
    public static String seal(char[] secret, MasterKey key) {
        byte[] plain = utf8(secret);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plain.length));
            cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
            return PREFIX + VERSION + ":" + Base64.getEncoder().encodeToString(sealed) + ")";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot seal with " + CIPHER, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Opens a sealed value.
     *
     * @throws CannotOpen saying why (format, version, or wrong key / altered), never with the value
     */
    public static String open(String text, MasterKey key) throws CannotOpen {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new CannotOpen("it is not of the form ENC(v1:<base64>) that job=config action=seal prints");
        }
        if (!m.group(1).equals(VERSION)) {
            throw new CannotOpen("its format version is not " + VERSION + ", the only one this version reads");
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new CannotOpen("its text after " + VERSION + ": is not valid base64");
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new CannotOpen("it is too short to be a sealed value");
        }
        return decrypt(sealed, key);
    }

    private static String decrypt(byte[] sealed, MasterKey key) throws CannotOpen {
        byte[] plain = null;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE_BYTES));
            plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain)).toString();
        } catch (AEADBadTagException e) {
            throw new CannotOpen("another key sealed it, or it was altered");
        } catch (CharacterCodingException e) {
            throw new CannotOpen("it does not hold UTF-8 text");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot open " + CIPHER + " values", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static Cipher cipher(int mode, MasterKey key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ASSOCIATED_DATA);
        return cipher;
    }

    private static byte[] utf8(char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    /** Why a value did not open; the message never holds the value nor the secret. */
    public static final class CannotOpen extends Exception {

        CannotOpen(String reason) {
            super(reason, null, false, false);
        }
    }
}
