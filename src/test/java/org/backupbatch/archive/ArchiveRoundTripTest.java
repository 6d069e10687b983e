package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assembles archives from parts made by the real GNU tar and gzip, as the server makes them, and
 * checks the result with the same real tools a user restores with.
 */
class ArchiveRoundTripTest {

    @TempDir
    Path dir;

    private ArchiveFixture fixture;
    private Path archive;

    @BeforeEach
    void makeParts() throws IOException {
        fixture = ArchiveFixture.create(dir);
        archive = dir.resolve("backup-blog-" + ArchiveFixture.ID + ".tar.gz");
        assertThat(fixture.dump.length % 512).as("dump size must need tar padding").isNotZero();
    }

    @Test
    void assembledArchivePassesVerification() throws IOException {
        // given
        ArchiveAssembler.Result result = fixture.assemble(archive, true);
        // when / then
        assertThatCode(() -> new ArchiveVerifier().verify(archive, result.manifest().toJson(), result.sha256()))
                .doesNotThrowAnyException();
    }

    @Test
    void gnuTarExtractsTheSourceTreeTheDumpAndTheManifest() throws IOException {
        // given
        ArchiveAssembler.Result result = fixture.assemble(archive, true);
        Path out = Files.createDirectory(dir.resolve("restored"));
        // when
        Processes.Outcome tar = Processes.run(out, null, List.of("tar", "xzf", archive.toString()));
        // then
        assertThat(tar.status()).as(tar.stderr()).isZero();
        assertThat(tar.stderr()).isEmpty();
        Path root = out.resolve(ArchiveFixture.ROOT);
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("files", "database.sql", "manifest.json");
        }
        assertSameTree(fixture.tree, root.resolve("files"));
        assertThat(Files.readAllBytes(root.resolve("database.sql"))).isEqualTo(fixture.dump);
        assertThat(Files.readAllBytes(root.resolve("manifest.json"))).isEqualTo(result.manifest().toJson());
    }

    @Test
    void gzipTestAcceptsTheStitchedMembers() throws IOException {
        // given
        fixture.assemble(archive, true);
        // when
        Processes.Outcome gzip = Processes.run(dir, null, List.of("gzip", "-t", archive.toString()));
        // then
        assertThat(gzip.status()).as(gzip.stderr()).isZero();
        assertThat(gzip.stderr()).isEmpty();
    }

    @Test
    void sha256sumOfTheFileEqualsTheReportedSumAndLength() throws IOException {
        // given
        ArchiveAssembler.Result result = fixture.assemble(archive, true);
        // when
        byte[] sum = Processes.shOk(dir, null, "sha256sum " + archive.getFileName());
        // then
        assertThat(new String(sum, StandardCharsets.US_ASCII).split(" ")[0]).isEqualTo(result.sha256());
        assertThat(result.length()).isEqualTo(Files.size(archive));
    }

    @Test
    void manifestMemberRangesHoldTheRecordedBytesBackToBack() throws IOException {
        // given
        ArchiveAssembler.Result result = fixture.assemble(archive, true);
        byte[] bytes = Files.readAllBytes(archive);
        // when
        List<Manifest.Member> members = result.manifest().members();
        // then
        assertThat(members).extracting(Manifest.Member::name).containsExactly("files", "database-header", "database");
        long expectedOffset = 0;
        for (Manifest.Member member : members) {
            assertThat(member.offset()).as("offset of %s", member.name()).isEqualTo(expectedOffset);
            assertThat(ArchiveFixture.sha256(ArchiveFixture.slice(bytes, member)))
                    .as("sha256 of %s", member.name()).isEqualTo(member.sha256());
            expectedOffset += member.length();
        }
        assertThat(expectedOffset).as("a trailer follows the last member").isLessThan(bytes.length);
    }

    @Test
    void receivedMembersAreCopiedAsReceivedAndEachRangeIsAWholeGzipMember() throws IOException {
        // given
        ArchiveAssembler.Result result = fixture.assemble(archive, true);
        byte[] bytes = Files.readAllBytes(archive);
        Manifest manifest = result.manifest();
        // when
        byte[] files = ArchiveFixture.slice(bytes, manifest.member("files"));
        byte[] header = ArchiveFixture.slice(bytes, manifest.member("database-header"));
        byte[] database = ArchiveFixture.slice(bytes, manifest.member("database"));
        // then
        assertThat(files).isEqualTo(Files.readAllBytes(fixture.filesPart));
        assertThat(database).isEqualTo(Files.readAllBytes(fixture.dumpPart));
        assertThat(gunzip(database)).isEqualTo(fixture.dump);
        byte[] tarHeader = gunzip(header);
        assertThat(tarHeader).hasSize(512);
        assertThat(new String(tarHeader, 0, 100, StandardCharsets.US_ASCII))
                .startsWith(ArchiveFixture.ROOT + "/database.sql\0");
    }

    @Test
    void archiveWithoutDatabaseVerifiesAndHoldsOnlyTheFilesAndTheManifest() throws IOException {
        // given
        ArchiveAssembler.Result result = fixture.assemble(archive, false);
        Path out = Files.createDirectory(dir.resolve("restored"));
        // when
        Processes.Outcome tar = Processes.run(out, null, List.of("tar", "xzf", archive.toString()));
        // then
        assertThatCode(() -> new ArchiveVerifier().verify(archive, result.manifest().toJson(), result.sha256()))
                .doesNotThrowAnyException();
        assertThat(result.manifest().members()).extracting(Manifest.Member::name).containsExactly("files");
        assertThat(result.manifest().database()).isNull();
        assertThat(tar.status()).as(tar.stderr()).isZero();
        Path root = out.resolve(ArchiveFixture.ROOT);
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("files", "manifest.json");
        }
        assertSameTree(fixture.tree, root.resolve("files"));
        assertThat(Files.readAllBytes(root.resolve("manifest.json"))).isEqualTo(result.manifest().toJson());
    }

    private static byte[] gunzip(byte[] member) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
            return in.readAllBytes();
        }
    }

    /** Same paths, same kinds, same symlink targets, byte-equal regular files. */
    private static void assertSameTree(Path expected, Path actual) throws IOException {
        Map<String, String> expectedKinds = kinds(expected);
        assertThat(kinds(actual)).isEqualTo(expectedKinds);
        for (Map.Entry<String, String> e : expectedKinds.entrySet()) {
            if (e.getValue().equals("file")) {
                assertThat(Files.mismatch(expected.resolve(e.getKey()), actual.resolve(e.getKey())))
                        .as("first differing byte of %s", e.getKey()).isEqualTo(-1L);
            }
        }
    }

    private static Map<String, String> kinds(Path root) throws IOException {
        Map<String, String> kinds = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String kind;
                if (Files.isSymbolicLink(p)) {
                    kind = "symlink -> " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> children = Files.list(p)) {
                        kind = children.findAny().isPresent() ? "dir" : "empty dir";
                    }
                } else {
                    kind = "file";
                }
                kinds.put(root.relativize(p).toString(), kind);
            }
        }
        return kinds;
    }
}
