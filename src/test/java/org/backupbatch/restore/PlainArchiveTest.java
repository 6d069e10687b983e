package org.backupbatch.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.backupbatch.archive.OpenPgpDecryptor;
import org.backupbatch.archive.OpenPgpEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void aRangeReadsTheSameBytesFromThePlainFileAndDecryptedAsItIsRead() throws Exception {
        // given
        byte[] bytes = new byte[300_000];
        new Random(3).nextBytes(bytes);
        Path plain = Files.write(tmp.resolve("a.tar.gz"), bytes);
        Path cipher = tmp.resolve("a.tar.gz.gpg");
        OpenPgpEncryptor.withPassphrase("p".toCharArray()).encrypt(plain, cipher, "a.tar.gz");
        PlainArchive onDisk = PlainArchive.of(plain);
        PlainArchive decrypting = PlainArchive.decrypting(cipher, OpenPgpDecryptor.withPassphrase("p".toCharArray(),
                "t"));
        for (long[] range : new long[][] {{0, 1000}, {123_456, 70_000}, {299_000, 5000}}) {
            // when
            byte[] fromFile;
            byte[] decrypted;
            try (InputStream a = onDisk.range(range[0], range[1]);
                    InputStream b = decrypting.range(range[0], range[1])) {
                fromFile = a.readAllBytes();
                decrypted = b.readAllBytes();
            }
            // then
            byte[] expected = Arrays.copyOfRange(bytes, (int) range[0], (int) Math.min(bytes.length,
                    range[0] + range[1]));
            assertThat(fromFile).as("from the file, range " + Arrays.toString(range)).isEqualTo(expected);
            assertThat(decrypted).as("decrypted, range " + Arrays.toString(range)).isEqualTo(expected);
        }
    }

    @Test
    void aRangeOfTwoGzipMembersReadsWholeWhenDecryptedAsItIsRead() throws Exception {
        // given: a range of two gzip members (a split files part: stored, then compressed), then more
        byte[] first = new byte[200_000];
        new Random(5).nextBytes(first);
        byte[] second = "second member".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream members = new java.io.ByteArrayOutputStream();
        members.write(gzip(first, java.util.zip.Deflater.NO_COMPRESSION));
        members.write(gzip(second, java.util.zip.Deflater.DEFAULT_COMPRESSION));
        int length = members.size();
        members.write(gzip(new byte[1024], java.util.zip.Deflater.DEFAULT_COMPRESSION)); // beyond the range
        Path plain = Files.write(tmp.resolve("b.tar.gz"), members.toByteArray());
        Path cipher = tmp.resolve("b.tar.gz.gpg");
        OpenPgpEncryptor.withPassphrase("p".toCharArray()).encrypt(plain, cipher, "b.tar.gz");
        PlainArchive decrypting = PlainArchive.decrypting(cipher, OpenPgpDecryptor.withPassphrase("p".toCharArray(),
                "t"));
        // when: read through gzip, which marks and resets at each member's end
        byte[] read;
        try (InputStream in = new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                decrypting.range(0, length), true)) {
            read = in.readAllBytes();
        }
        // then both members, whole, and nothing after them
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        expected.write(first);
        expected.write(second);
        assertThat(read).isEqualTo(expected.toByteArray());
    }

    private static byte[] gzip(byte[] data, int level) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
