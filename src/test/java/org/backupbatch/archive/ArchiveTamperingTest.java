package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged archive or a changed work file is refused with a message saying what is wrong. */
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
        assertThatThrownBy(this::verify).isInstanceOf(FatalError.class)
                .hasMessageContaining(archive.toString()).hasMessageContaining("is damaged");
    }

    @Test
    void verifyRefusesAFlippedByteThatGzipCannotSeeInTheFilesMemberHeader() throws IOException {
        // given: byte 5 of a gzip member is part of MTIME, covered by no CRC
        flipByteAt(result.manifest().member("files").offset() + 5);
        // when / then
        assertThatThrownBy(this::verify).isInstanceOf(FatalError.class)
                .hasMessageContaining("sha256 differs from the recorded one");
    }

    @Test
    void verifyRefusesAnArchiveWithAFlippedByteInTheTrailer() throws IOException {
        // given
        long trailerStart = lastMemberEnd();
        flipByteAt(trailerStart + (result.length() - trailerStart) / 2);
        // when / then: inflate may fail first, or yield a changed manifest before the CRC is reached
        assertThatThrownBy(this::verify).isInstanceOf(FatalError.class)
                .hasMessageMatching("(?s)archive " + Pattern.quote(archive.toString())
                        + "(: verification failed: manifest\\.json inside differs from the sidecar| is damaged: .+)");
    }

    @Test
    void verifyRefusesAnArchiveTruncatedBy100Bytes() throws IOException {
        // given
        truncateTo(result.length() - 100);
        // when / then
        assertThatThrownBy(this::verify).isInstanceOf(FatalError.class)
                .hasMessageContaining(archive.toString()).hasMessageContaining("ends early");
    }

    @Test
    void verifyNamesTruncationAsTheReasonWhenTheArchiveEndsEarly() throws IOException {
        // given
        truncateTo(result.length() - 100);
        // when / then: the user must read why, not "is damaged: null"
        assertThatThrownBy(this::verify).isInstanceOf(FatalError.class)
                .hasMessageContaining(archive.toString())
                .hasMessageNotContaining("null")
                .hasMessageMatching("(?is).*(truncated|unexpected end|ends early|end of file).*");
    }

    @Test
    void verifyRefusesAnArchiveCutWhereItsTrailerBegins() throws IOException {
        // given: every gzip member left is whole, only the manifest and end blocks are gone
        truncateTo(lastMemberEnd());
        // when / then
        assertThatThrownBy(this::verify).isInstanceOf(FatalError.class)
                .hasMessageMatching(".*(truncated|Truncated|manifest\\.json missing).*");
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

    private void verify() throws IOException {
        new ArchiveVerifier().verify(archive, manifestJson, result.sha256());
    }

    private long lastMemberEnd() {
        Manifest.Member last = result.manifest().members().get(result.manifest().members().size() - 1);
        return last.offset() + last.length();
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
