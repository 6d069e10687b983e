package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks that rely on the sum (the backup's after writing, a restore's before it starts)
 * refuse every damage the full check refuses, with a message that names it.
 */
class ArchiveSumCheckTest {

    @TempDir
    Path dir;

    private Path archive;
    private ArchiveAssembler.Result result;
    private byte[] manifestJson;
    private ArchiveFixture fixture;

    @BeforeEach
    void assembleAGoodArchive() throws IOException {
        fixture = ArchiveFixture.create(dir);
        archive = dir.resolve("backup-blog-" + ArchiveFixture.ID + ".tar.gz");
        result = fixture.assemble(archive, true);
        manifestJson = result.manifest().toJson();
    }

    @Test
    void aGoodArchivePassesBothChecks() {
        assertThatCode(this::afterWrite).doesNotThrowAnyException();
        assertThatCode(this::beforeRestore).doesNotThrowAnyException();
    }

    @Test
    void anArchiveWithoutDatabasePassesBothChecks() throws IOException {
        // given
        result = fixture.assemble(archive, false);
        manifestJson = result.manifest().toJson();
        // when / then
        assertThatCode(this::afterWrite).doesNotThrowAnyException();
        assertThat(beforeRestore()).isEqualTo(OutsideLinks.none());
    }

    @ParameterizedTest
    @ValueSource(strings = {"files", "database-header", "database"})
    void aFlippedByteInAnyMemberIsNamed(String name) throws IOException {
        // given
        Manifest.Member member = result.manifest().member(name);
        flipByteAt(member.offset() + member.length() / 2);
        // when / then
        for (ThrowingCheck check : List.<ThrowingCheck>of(this::afterWrite, this::beforeRestore)) {
            assertThatThrownBy(check::run).isInstanceOf(FatalError.class).hasMessageContaining(archive.toString())
                    .hasMessageContaining("is damaged: member " + name + " sha256 differs from the manifest");
        }
    }

    @Test
    void aFlippedByteThatGzipCannotSeeIsRefusedByTheSum() throws IOException {
        // given: byte 5 of a gzip member is part of MTIME, covered by no CRC
        flipByteAt(result.manifest().member("database").offset() + 5);
        // when / then
        assertThatThrownBy(this::afterWrite).isInstanceOf(FatalError.class)
                .hasMessageContaining("member database sha256 differs");
    }

    @Test
    void aFlippedByteInTheTrailerIsRefused() throws IOException {
        // given
        long trailerStart = lastMemberEnd();
        flipByteAt(trailerStart + (result.length() - trailerStart) / 2);
        // when / then
        for (ThrowingCheck check : List.<ThrowingCheck>of(this::afterWrite, this::beforeRestore)) {
            assertThatThrownBy(check::run).isInstanceOf(FatalError.class).hasMessageContaining(archive.toString())
                    .hasMessageMatching("(?s).*(manifest\\.json inside differs|is damaged|sha256 differs).*");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 2000})
    void aTruncatedArchiveIsRefusedAsTruncated(int cut) throws IOException {
        // given
        truncateTo(result.length() - cut);
        // when / then
        for (ThrowingCheck check : List.<ThrowingCheck>of(this::afterWrite, this::beforeRestore)) {
            assertThatThrownBy(check::run).isInstanceOf(FatalError.class).hasMessageContaining(archive.toString())
                    .hasMessageMatching("(?s).*(truncated|ends early|is damaged: member).*");
        }
    }

    @Test
    void anArchiveCutWhereItsTrailerBeginsIsTruncated() throws IOException {
        // given: every member left is whole, only the manifest and the end blocks are gone
        truncateTo(lastMemberEnd());
        // when / then
        assertThatThrownBy(this::beforeRestore).isInstanceOf(FatalError.class)
                .hasMessageContaining("ends early: it is truncated");
    }

    @Test
    void aSumOtherThanTheRecordedOneIsRefused() {
        // given
        String wrong = "0".repeat(64);
        // when / then
        assertThatThrownBy(() -> new ArchiveSumCheck().afterWrite(archive, manifestJson, wrong, n -> { }))
                .isInstanceOf(FatalError.class).hasMessageContaining("sha256 differs from the recorded one");
    }

    @Test
    void aSidecarThatDiffersFromTheManifestInsideIsRefused() throws IOException {
        // given: same members and counts, one more warning
        byte[] other = fixture.manifest(ArchiveFixture.walk(fixture.tree), true, List.of("a warning"),
                result.manifest().members()).toJson();
        // when / then
        assertThatThrownBy(() -> new ArchiveSumCheck().beforeRestore(archive, other, result.sha256(), n -> { }))
                .isInstanceOf(FatalError.class).hasMessageContaining("manifest.json inside differs from the sidecar");
    }

    @Test
    void aSidecarWithAnotherEntryCountIsRefusedBeforeARestore() throws IOException {
        // given: the sum is right, the manifest inside too, but the sidecar's count is not the archive's
        TarContents.Stats walked = ArchiveFixture.walk(fixture.tree);
        TarContents.Stats more = new TarContents.Stats(walked.entries() + 1, walked.regularFiles(),
                walked.directories(), walked.symlinks(), walked.bytes());
        byte[] other = fixture.manifest(more, true, List.of(), result.manifest().members()).toJson();
        // when / then
        assertThatThrownBy(() -> new ArchiveSumCheck().beforeRestore(archive, other, result.sha256(), n -> { }))
                .isInstanceOf(FatalError.class).hasMessageMatching("(?s).*(entries, manifest says|differs from the sidecar).*");
    }

    @FunctionalInterface
    private interface ThrowingCheck {
        void run() throws Exception;
    }

    private void afterWrite() throws IOException {
        new ArchiveSumCheck().afterWrite(archive, manifestJson, result.sha256(), n -> { });
    }

    private OutsideLinks beforeRestore() throws IOException {
        return new ArchiveSumCheck().beforeRestore(archive, manifestJson, result.sha256(), n -> { });
    }

    private long lastMemberEnd() {
        return result.manifest().members().stream().mapToLong(m -> m.offset() + m.length()).max().orElseThrow();
    }

    private void flipByteAt(long position) throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        bytes[(int) position] ^= 0x01;
        Files.write(archive, bytes);
    }

    private void truncateTo(long length) throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(bytes, (int) length));
    }
}
