package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedArchiveTest {

    private static final String NAME = "backup-blog-20261129T032551Z.tar.gz";
    private static final byte[] INSIDE = "{\n  \"site\" : \"blog\"\n}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;

    @Test
    void sealingRecordsBothFilesAndTheCiphertextDecryptsBackToTheVerifiedBytes() throws Exception {
        // given
        Path plain = plain(200_000);
        // when
        EncryptedArchive.Sealed sealed = EncryptedArchive.seal(plain, Sha256.of(plain), INSIDE, NAME,
                OpenPgpEncryptor.withPassphrase("p".toCharArray()), OpenPgpDecryptor.withPassphrase("p".toCharArray(),
                        "t"));
        // then
        byte[] sidecar = Files.readAllBytes(sealed.manifest());
        EncryptionRecord record = SidecarManifest.encryption(sidecar);
        assertThat(record.method()).isEqualTo(EncryptionRecord.PASSPHRASE);
        assertThat(record.plaintext()).isEqualTo(new EncryptionRecord.Content(NAME, 200_000, Sha256.of(plain)));
        assertThat(record.ciphertext()).isEqualTo(new EncryptionRecord.Content(NAME + ".gpg",
                Files.size(sealed.archive()), Sha256.of(sealed.archive())));
        assertThat(sealed.sha256()).isEqualTo(record.ciphertext().sha256());
        assertThat(SidecarManifest.inside(sidecar)).isEqualTo(INSIDE);
        for (Path file : new Path[] {sealed.archive(), sealed.manifest()}) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }

        Path decrypted = work.resolve("out/" + NAME);
        Files.createDirectories(decrypted.getParent());
        EncryptedArchive.checkCiphertext(sealed.archive(), record, sealed.sha256());
        EncryptedArchive.decryptTo(sealed.archive(), decrypted, OpenPgpDecryptor.withPassphrase("p".toCharArray(), "t"),
                record);
        assertThat(Files.readAllBytes(decrypted)).isEqualTo(Files.readAllBytes(plain));
        assertThat(Files.getPosixFilePermissions(decrypted)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCiphertextThatDiffersFromItsRecordedSumIsRefused() throws Exception {
        // given
        Path plain = plain(1000);
        EncryptedArchive.Sealed sealed = EncryptedArchive.seal(plain, Sha256.of(plain), INSIDE, NAME,
                OpenPgpEncryptor.withPassphrase("p".toCharArray()), null);
        EncryptionRecord record = SidecarManifest.encryption(Files.readAllBytes(sealed.manifest()));
        // then
        assertThatThrownBy(() -> EncryptedArchive.checkCiphertext(sealed.archive(), record, "0".repeat(64)))
                .isInstanceOf(FatalError.class).hasMessageContaining("sha256 differs from the recorded one");
    }

    @Test
    void aPlaintextThatDiffersFromTheRecordIsNotLeftBehind() throws Exception {
        // given: a record whose plaintext sum is not the one encrypted
        Path plain = plain(1000);
        EncryptedArchive.Sealed sealed = EncryptedArchive.seal(plain, "0".repeat(64), INSIDE, NAME,
                OpenPgpEncryptor.withPassphrase("p".toCharArray()), null);
        EncryptionRecord record = SidecarManifest.encryption(Files.readAllBytes(sealed.manifest()));
        Path decrypted = work.resolve("d.tar.gz");
        // then
        assertThatThrownBy(() -> EncryptedArchive.decryptTo(sealed.archive(), decrypted,
                OpenPgpDecryptor.withPassphrase("p".toCharArray(), "t"), record)).isInstanceOf(FatalError.class)
                .hasMessageContaining("sha256 differs from its manifest's plaintext");
        assertThat(decrypted).doesNotExist();
        assertThat(work.resolve("d.tar.gz.part")).doesNotExist();
    }

    private Path plain(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return Files.write(work.resolve(NAME + ".part"), bytes);
    }
}
