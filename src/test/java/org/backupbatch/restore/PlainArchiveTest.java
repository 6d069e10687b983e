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
}
