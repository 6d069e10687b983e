package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A files part split in two (what does not compress sent as plain tar and wrapped here into
 * stored gzip, the rest gzipped by the server) makes one archive that the real GNU tar extracts
 * to the same tree as the all-gzip one: contents, modes and times, folders' included.
 */
class SplitArchiveTest {

    private static final List<String> STORED = List.of("./media/2026/photo.jpg", "./media/movie.bin");
    private static final Instant OLD = Instant.parse("2020-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private ArchiveFixture fixture;
    private Path stored;
    private Path gzipped;

    @BeforeEach
    void makeParts() throws IOException {
        fixture = ArchiveFixture.create(dir);
        Random random = new Random(12);
        byte[] photo = new byte[200_000];
        random.nextBytes(photo);
        byte[] movie = new byte[1_500_000];
        random.nextBytes(movie);
        Path year = Files.createDirectories(fixture.tree.resolve("media/2026"));
        Files.write(year.resolve("photo.jpg"), photo);
        Files.writeString(year.resolve("notes.txt"), "text beside the photo\n");
        Files.write(fixture.tree.resolve("media/movie.bin"), movie);
        // folders' times are restored last: a stream extracted after them must not change them
        Files.setLastModifiedTime(year, FileTime.from(OLD));
        Files.setLastModifiedTime(fixture.tree.resolve("media"), FileTime.from(OLD));
        Files.setLastModifiedTime(fixture.tree, FileTime.from(OLD));
        stored = dir.resolve("files-stored.tar.gz");
        gzipped = dir.resolve("files.tar.gz");
        writeParts();
    }

    /** The server's two streams, made with the real tar, head and gzip; the plain one wrapped here. */
    private void writeParts() throws IOException {
        List<String> rest = new ArrayList<>();
        for (String path : new String(ArchiveFixture.findListing(fixture.tree), StandardCharsets.ISO_8859_1)
                .split("\0")) {
            if (!path.isEmpty() && !STORED.contains(path)) {
                rest.add(path);
            }
        }
        byte[] plain = Processes.shOk(fixture.tree, nulList(STORED), ArchiveFixture.TAR + " | head -c -1024");
        try (OutputStream out = new StoredGzip(Files.newOutputStream(stored))) {
            out.write(plain);
        }
        Files.write(gzipped, Processes.shOk(fixture.tree, nulList(rest),
                ArchiveFixture.TAR + " | head -c -1024 | gzip -c"));
        TarContents.Stats storedStats = TarContents.inspectTarPart(new java.io.ByteArrayInputStream(plain),
                ArchiveFixture.FILES_ROOT, "stored");
        assertThat(storedStats.regularFiles()).isEqualTo(2);
    }

    private ArchiveAssembler.Result assembleSplit(Path target) throws IOException {
        TarContents.Stats stats = ArchiveFixture.walk(fixture.tree);
        List<ArchiveAssembler.FilesStream> streams = List.of(
                new ArchiveAssembler.FilesStream(Manifest.FILES_STORED,
                        new ArchiveAssembler.ReceivedPart(stored, Sha256.of(stored))),
                new ArchiveAssembler.FilesStream(Manifest.FILES_GZIP,
                        new ArchiveAssembler.ReceivedPart(gzipped, Sha256.of(gzipped))));
        return new ArchiveAssembler().assemble(target, ArchiveFixture.ROOT, streams, fixture.dumpReceived(),
                members -> fixture.manifest(stats, true, List.of(), members), n -> { });
    }

    @Test
    void splitArchiveExtractsWithGnuTarToTheSameTreeAsTheAllGzipOne() throws IOException {
        // given
        Path split = dir.resolve("split.tar.gz");
        assembleSplit(split);
        Files.write(fixture.filesPart, ArchiveFixture.serverFilesPart(fixture.tree));
        Path plain = dir.resolve("plain.tar.gz");
        fixture.assemble(plain, true);
        // when
        String fromSplit = extractAndDescribe(split, "out-split");
        String fromPlain = extractAndDescribe(plain, "out-plain");
        // then
        assertThat(fromSplit).contains("./media/movie.bin f 644").contains("./media d")
                .contains(" " + OLD.getEpochSecond() + " ");
        assertThat(fromSplit).isEqualTo(fromPlain);
    }

    @Test
    void splitArchiveVerifiesAndPassesGzipTest() throws IOException {
        // given
        Path split = dir.resolve("split.tar.gz");
        ArchiveAssembler.Result result = assembleSplit(split);
        // when
        Processes.Outcome gzip = Processes.run(dir, null, List.of("gzip", "-t", split.toString()));
        // then
        assertThat(gzip.status()).as(gzip.stderr()).isZero();
        assertThatCode(() -> new ArchiveVerifier().verify(split, result.manifest().toJson(), result.sha256()))
                .doesNotThrowAnyException();
        assertThatCode(() -> new ArchiveSumCheck().afterWrite(split, result.manifest().toJson(), result.sha256(),
                n -> { })).doesNotThrowAnyException();
        assertThatCode(() -> new ArchiveSumCheck().beforeRestore(split, result.manifest().toJson(), result.sha256(),
                n -> { })).doesNotThrowAnyException();
    }

    @Test
    void manifestRecordsTheStreamsInsideTheFilesMember() throws IOException {
        // given
        Path split = dir.resolve("split.tar.gz");
        ArchiveAssembler.Result result = assembleSplit(split);
        byte[] bytes = Files.readAllBytes(split);
        // when
        Manifest manifest = result.manifest();
        Manifest.Member files = manifest.member(Manifest.FILES);
        Manifest.Member storedMember = manifest.member(Manifest.FILES_STORED);
        Manifest.Member gzipMember = manifest.member(Manifest.FILES_GZIP);
        // then
        assertThat(manifest.members()).extracting(Manifest.Member::name).containsExactly("files", "files.stored",
                "files.gzip", "database-header", "database");
        assertThat(storedMember.offset()).isEqualTo(files.offset());
        assertThat(gzipMember.offset()).isEqualTo(storedMember.offset() + storedMember.length());
        assertThat(files.length()).isEqualTo(storedMember.length() + gzipMember.length());
        assertThat(ArchiveFixture.slice(bytes, storedMember)).isEqualTo(Files.readAllBytes(stored));
        assertThat(ArchiveFixture.slice(bytes, gzipMember)).isEqualTo(Files.readAllBytes(gzipped));
        for (Manifest.Member member : manifest.members()) {
            assertThat(ArchiveFixture.sha256(ArchiveFixture.slice(bytes, member))).as(member.name())
                    .isEqualTo(member.sha256());
        }
        assertThat(manifest.member("database-header").offset()).isEqualTo(files.offset() + files.length());
    }

    @Test
    void filesMemberOfASplitArchiveReadsAsOneTarStreamWithEveryEntry() throws IOException {
        // given: what a restore reads, the files member's range
        Path split = dir.resolve("split.tar.gz");
        ArchiveAssembler.Result result = assembleSplit(split);
        byte[] files = ArchiveFixture.slice(Files.readAllBytes(split), result.manifest().member(Manifest.FILES));
        // when
        TarContents.Stats stats = TarContents.inspectFilesPart(new java.io.ByteArrayInputStream(files),
                ArchiveFixture.FILES_ROOT, "split");
        // then
        assertThat(stats).isEqualTo(ArchiveFixture.walk(fixture.tree));
    }

    /** Extracts with GNU tar and lists every path with its type, mode, mtime, size and sum. */
    private String extractAndDescribe(Path archive, String name) throws IOException {
        Path out = Files.createDirectory(dir.resolve(name));
        Processes.Outcome tar = Processes.run(out, null, List.of("tar", "xzf", archive.toString()));
        assertThat(tar.status()).as(tar.stderr()).isZero();
        assertThat(tar.stderr()).isEmpty();
        Path files = out.resolve(ArchiveFixture.ROOT).resolve("files");
        byte[] listing = Processes.shOk(files, null, "find . -printf '%p %y %m %T@ %s\\n' | sed 's/\\.0* / /' | sort;"
                + " find . -type f -exec sha256sum {} + | sort");
        return new String(listing, StandardCharsets.UTF_8);
    }

    private static byte[] nulList(List<String> paths) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String p : paths) {
            bytes.writeBytes(p.getBytes(StandardCharsets.ISO_8859_1));
            bytes.write(0);
        }
        return bytes.toByteArray();
    }
}
