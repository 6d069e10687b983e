package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A damaged archive or a changed work file is refused with a message saying what is wrong, by the
 * full check and by the two that rely on the sum ({@link ArchiveSumCheck}: the backup's after
 * writing, a restore's before it starts).
 */
class ArchiveTamperingTest {

    @TempDir
    Path dir;

    private ArchiveFixture fixture;
    private Path archive;
    private ArchiveAssembler.Result result;
    private byte[] manifestJson;

    @BeforeEach
    void assembleAGoodArchive() throws IOException {
        fixture = ArchiveFixture.create(dir);
        archive = dir.resolve("backup-blog-" + ArchiveFixture.ID + ".tar.gz");
        result = fixture.assemble(archive, true);
        manifestJson = result.manifest().toJson();
    }

    @Test
    void verifyRefusesAnArchiveWithAFlippedByteInTheFilesMember() throws IOException {
        // given
        Manifest.Member files = result.manifest().member("files");
        flipByteAt(files.offset() + files.length() / 2);
        // when / then
        everyCheck().forEach(refusal -> refusal
                .hasMessageContaining(archive.toString()).hasMessageContaining("is damaged"));
    }

    @Test
    void verifyRefusesAFlippedByteThatGzipCannotSeeInTheFilesMemberHeader() throws IOException {
        // given: byte 5 of a gzip member is part of MTIME, covered by no CRC
        flipByteAt(result.manifest().member("files").offset() + 5);
        // when / then
        everyCheck().forEach(refusal -> refusal
                .hasMessageMatching("(?s).*(sha256 differs from the recorded one|member files sha256 differs).*"));
    }

    @Test
    void verifyRefusesAnArchiveWithAFlippedByteInTheTrailer() throws IOException {
        // given
        long trailerStart = lastMemberEnd();
        flipByteAt(trailerStart + (result.length() - trailerStart) / 2);
        // when / then: inflate may fail first, or yield a changed manifest before the CRC is reached
        everyCheck().forEach(refusal -> refusal
                .hasMessageMatching("(?s)archive " + Pattern.quote(archive.toString())
                        + "(: verification failed: manifest\\.json inside differs from the sidecar| is damaged: .+)"));
    }

    @Test
    void verifyRefusesAnArchiveTruncatedBy100Bytes() throws IOException {
        // given
        truncateTo(result.length() - 100);
        // when / then
        everyCheck().forEach(refusal -> refusal
                .hasMessageContaining(archive.toString()).hasMessageContaining("ends early"));
    }

    @Test
    void verifyNamesTruncationAsTheReasonWhenTheArchiveEndsEarly() throws IOException {
        // given
        truncateTo(result.length() - 100);
        // when / then: the user must read why, not "is damaged: null"
        everyCheck().forEach(refusal -> refusal
                .hasMessageContaining(archive.toString())
                .hasMessageNotContaining("null")
                .hasMessageMatching("(?is).*(truncated|unexpected end|ends early|end of file).*"));
    }

    @Test
    void verifyRefusesAnArchiveCutWhereItsTrailerBegins() throws IOException {
        // given: every gzip member left is whole, only the manifest and end blocks are gone
        truncateTo(lastMemberEnd());
        // when / then
        everyCheck().forEach(refusal -> refusal
                .hasMessageMatching(".*(truncated|Truncated|manifest\\.json missing).*"));
    }

    @Test
    void verifyRefusesAnArchiveWhoseWholeSha256IsNotTheRecordedOne() {
        // given
        String wrong = "0".repeat(64);
        // when / then
        assertThatThrownBy(() -> new ArchiveVerifier().verify(archive, manifestJson, wrong))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining(archive.toString())
                .hasMessageContaining("sha256 differs from the recorded one");
        assertThatThrownBy(() -> new ArchiveSumCheck().afterWrite(archive, manifestJson, wrong, n -> { }))
                .isInstanceOf(FatalError.class).hasMessageContaining("sha256 differs from the recorded one");
    }

    @Test
    void verifyRefusesAManifestThatDiffersFromTheOneInside() throws IOException {
        // given: same members and counts, one more warning
        Manifest inside = result.manifest();
        byte[] other = fixture.manifest(ArchiveFixture.walk(fixture.tree), true, List.of("a warning"),
                inside.members()).toJson();
        assertThat(other).isNotEqualTo(manifestJson);
        // when / then
        assertThatThrownBy(() -> new ArchiveVerifier().verify(archive, other, result.sha256()))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining("manifest.json inside differs from the sidecar");
        assertThatThrownBy(() -> new ArchiveSumCheck().beforeRestore(archive, other, result.sha256(), n -> { }))
                .isInstanceOf(FatalError.class).hasMessageContaining("manifest.json inside differs from the sidecar");
    }

    @Test
    void assembleRefusesAFilesPartWhoseSha256IsNotTheOneRecordedWhenReceived() throws IOException {
        // given
        var files = new ArchiveAssembler.ReceivedPart(fixture.filesPart, "f".repeat(64));
        Path target = dir.resolve("other.tar.gz");
        // when / then
        assertThatThrownBy(() -> new ArchiveAssembler().assemble(target, ArchiveFixture.ROOT, files,
                fixture.dumpReceived(), members -> result.manifest()))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining(fixture.filesPart.toString())
                .hasMessageContaining("changed since it was received");
    }

    @Test
    void assembleRefusesADumpPartChangedAfterItWasReceived() throws IOException {
        // given
        ArchiveAssembler.DumpPart dump = fixture.dumpReceived();
        byte[] changed = Files.readAllBytes(fixture.dumpPart);
        changed[changed.length / 2] ^= 0x01;
        Files.write(fixture.dumpPart, changed);
        Path target = dir.resolve("other.tar.gz");
        // when / then
        assertThatThrownBy(() -> new ArchiveAssembler().assemble(target, ArchiveFixture.ROOT,
                fixture.filesReceived(), dump, members -> result.manifest()))
                .isInstanceOf(FatalError.class)
                .hasMessageContaining(fixture.dumpPart.toString())
                .hasMessageContaining("changed since it was received");
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

    @ParameterizedTest
    @ValueSource(ints = {10, 50, 99})
    void aTruncatedArchiveIsRefusedAsTruncated(int percentKept) throws IOException {
        // given: cut in the files member, in the dump, in the trailer
        truncateTo(result.length() * percentKept / 100);
        // when / then
        for (ThrowingCheck check : List.<ThrowingCheck>of(this::afterWrite, this::beforeRestore)) {
            assertThatThrownBy(check::run).isInstanceOf(FatalError.class).hasMessageContaining(archive.toString())
                    .hasMessageMatching("(?s).*(truncated|ends early|is damaged: member).*");
        }
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

    /** Every check refuses the archive: the full one, and the two that rely on the sum (see {@link ArchiveSumCheck}). */
    private List<AbstractThrowableAssert<?, ? extends Throwable>> everyCheck() {
        return Stream.<ThrowingCallable>of(
                () -> new ArchiveVerifier().verify(archive, manifestJson, result.sha256()),
                () -> new ArchiveSumCheck().afterWrite(archive, manifestJson, result.sha256(), n -> { }),
                () -> new ArchiveSumCheck().beforeRestore(archive, manifestJson, result.sha256(), n -> { }))
                .<AbstractThrowableAssert<?, ? extends Throwable>>map(check -> assertThatThrownBy(check)
                        .isInstanceOf(FatalError.class))
                .toList();
    }

    private long lastMemberEnd() {
        Manifest.Member last = result.manifest().members().get(result.manifest().members().size() - 1);
        return last.offset() + last.length();
    }

    private void flipByteAt(long position) throws IOException {
        ArchiveFixture.flipByteAt(archive, position);
    }

    private void truncateTo(long length) throws IOException {
        ArchiveFixture.truncateTo(archive, length);
    }
}
