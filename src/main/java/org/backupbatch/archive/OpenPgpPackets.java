package org.backupbatch.archive;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.errors.FatalError;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.PacketTags;
import org.bouncycastle.bcpg.PublicKeyEncSessionPacket;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;

/**
 * Checks an encrypted archive without any key: it is read once, its sha256 computed as bytes
 * pass, and its OpenPGP packets parsed (with BouncyCastle) to the end. What {@link
 * OpenPgpEncryptor} writes, and nothing else, passes: one or more session-key packets (PKESK
 * or SKESK), then one SEIPD v1 packet whose body, summed over its partial-length chunks, has
 * the length that the recorded plaintext gives, and nothing after it. A truncated or extended
 * file, a packet cut short or a foreign message is refused; the sha256 catches every other
 * change.
 */
public final class OpenPgpPackets {

    private OpenPgpPackets() {
    }

    /**
     * What the packets say.
     *
     * @param keyIds       the key ids the session key is encrypted to (16 hex digits), in order
     * @param passphrases  how many passphrase (SKESK) packets there are
     * @param bodyLength   the SEIPD packet's body length, in bytes
     * @param sha256       the sum of the whole file
     * @param bytes        the file's size
     */
    public record Structure(List<String> keyIds, int passphrases, long bodyLength, String sha256, long bytes) {
    }

    /**
     * Reads and checks the file; throws {@link FatalError} naming what is wrong.
     *
     * @param expectedBodyLength the SEIPD body length the plaintext gives ({@link
     *                           OpenPgpEncryptor#sealedBodyLength}); negative to skip that check
     */
    public static Structure check(Path file, long expectedBodyLength) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long[] count = new long[1];
        try (InputStream raw = Files.newInputStream(file);
                InputStream counted = new CountingInputStream(new DigestInputStream(raw, digest), count);
                BCPGInputStream packets = BCPGInputStream.wrap(new BufferedInputStream(counted, 1 << 16))) {
            List<String> keyIds = new ArrayList<>();
            int passphrases = 0;
            int tag;
            while ((tag = packets.nextPacketTag()) == PacketTags.PUBLIC_KEY_ENC_SESSION
                    || tag == PacketTags.SYMMETRIC_KEY_ENC_SESSION) {
                if (packets.readPacket() instanceof PublicKeyEncSessionPacket pkesk) {
                    keyIds.add(OpenPgpKeys.keyId(pkesk.getKeyID()));
                } else {
                    passphrases++;
                }
            }
            expect(file, !keyIds.isEmpty() || passphrases > 0, "no session-key packet (PKESK or SKESK) at its start: "
                    + "not an OpenPGP encrypted message" + found(tag));
            expect(file, tag == PacketTags.SYM_ENC_INTEGRITY_PRO, "expected one integrity-protected (SEIPD) packet "
                    + "after the session keys" + found(tag));
            long body = seipdBody(file, packets);
            expect(file, expectedBodyLength < 0 || body == expectedBodyLength, "its SEIPD packet holds " + body
                    + " bytes; the recorded plaintext gives " + expectedBodyLength);
            expect(file, packets.nextPacketTag() < 0, "data after its SEIPD packet");
            packets.transferTo(OutputStream.nullOutputStream());
            return new Structure(List.copyOf(keyIds), passphrases, body, Sha256.hex(digest), count[0]);
        } catch (EOFException e) {
            throw new FatalError("encrypted archive " + file + " ends early: it is truncated", e);
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // BouncyCastle reports a packet it cannot parse as an IOException
            throw new FatalError("encrypted archive " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static long seipdBody(Path file, BCPGInputStream packets) throws IOException {
        SymmetricEncIntegrityPacket seipd = (SymmetricEncIntegrityPacket) packets.readPacket();
        expect(file, seipd.getVersion() == SymmetricEncIntegrityPacket.VERSION_1, "SEIPD version "
                + seipd.getVersion() + "; this tool writes version 1");
        return 1 + seipd.getInputStream().transferTo(OutputStream.nullOutputStream());
    }

    private static String found(int tag) {
        return tag < 0 ? " (found the end of the file)" : " (found packet type " + tag + ")";
    }

    private static void expect(Path file, boolean condition, String message) {
        if (!condition) {
            throw new FatalError("encrypted archive " + file + " is damaged: " + message);
        }
    }

    /** Counts the bytes read into {@code count[0]}. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final long[] count;

        CountingInputStream(InputStream in, long[] count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count[0]++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count[0] += n;
            }
            return n;
        }
    }
}
