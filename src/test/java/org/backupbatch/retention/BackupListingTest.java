package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.EncryptionRecord;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.SidecarManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupListingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void aCompleteBackupShowsItsManifestsCountsAndTheChecksumFilesTimeAsVerified() throws IOException {
        // given
        write("20261129T032551Z", Manifest.KIND_BACKUP, 2000);
        Files.setLastModifiedTime(file("20261129T032551Z", ".sha256"), FileTime.from(Instant.parse("2026-11-29T03:26:40Z")));
        // when
        List<ListedBackup> listed = BackupListing.read(folder, "blog");
        // then
        assertThat(listed).singleElement().satisfies(b -> {
            assertThat(b.complete()).as(b.problems().toString()).isTrue();
            assertThat(b.id()).isEqualTo("20261129T032551Z");
            assertThat(b.date()).isEqualTo(Instant.parse("2026-11-29T03:25:51Z"));
            assertThat(b.archive()).isEqualTo("backup-blog-20261129T032551Z.tar.gz");
            assertThat(b.bytes()).isEqualTo(2000);
            assertThat(b.parts()).containsExactly("files", "db");
            assertThat(b.files()).isEqualTo(37);
            assertThat(b.tables()).isEqualTo(9);
            assertThat(b.encrypted()).isFalse();
            assertThat(b.kind()).isEqualTo("backup");
            assertThat(b.verified()).isEqualTo(new ListedBackup.Verified(Instant.parse("2026-11-29T03:26:40Z"),
                    ListedBackup.Verified.CHECKSUM_FILE));
            assertThat(b.drilled()).isNull();
        });
    }

    @Test
    void eachMissingFileIsShownAsIncompleteWithWhyNeverHidden() throws IOException {
        // given
        write("20261101T000000Z", Manifest.KIND_BACKUP, 2000);
        Files.delete(file("20261101T000000Z", ".sha256"));
        write("20261102T000000Z", Manifest.KIND_BACKUP, 2000);
        Files.delete(file("20261102T000000Z", ".manifest.json"));
        write("20261103T000000Z", Manifest.KIND_BACKUP, 2000);
        Files.delete(file("20261103T000000Z", ".tar.gz"));
        // when
        List<ListedBackup> listed = BackupListing.read(folder, "blog");
        // then: newest first
        assertThat(listed).extracting(ListedBackup::id)
                .containsExactly("20261103T000000Z", "20261102T000000Z", "20261101T000000Z");
        assertThat(listed).noneMatch(ListedBackup::complete);
        assertThat(listed.get(0).problems()).containsExactly("no archive");
        assertThat(listed.get(1).problems()).containsExactly("no manifest");
        assertThat(listed.get(2).problems()).singleElement().asString().startsWith("no .sha256");
        assertThat(listed.get(2).verified()).isNull();
    }

    @Test
    void aManifestThatDisagreesWithTheFilesNameOrSizeMakesItIncomplete() throws IOException {
        // given: a manifest of another backup, and an archive shorter than its members
        write("20261101T000000Z", Manifest.KIND_BACKUP, 2000);
        Files.copy(file("20261101T000000Z", ".manifest.json"), file("20261102T000000Z", ".manifest.json"));
        Files.write(file("20261102T000000Z", ".tar.gz"), new byte[2000]);
        sha256("20261102T000000Z", ".tar.gz");
        write("20261103T000000Z", Manifest.KIND_BACKUP, 1500);
        Files.writeString(file("20261104T000000Z", ".manifest.json"), "{ not json");
        Files.write(file("20261104T000000Z", ".tar.gz"), new byte[10]);
        sha256("20261104T000000Z", ".tar.gz");
        // when
        List<ListedBackup> listed = BackupListing.read(folder, "blog");
        // then
        assertThat(problems(listed, "20261102T000000Z")).containsExactly("the manifest is of site blog backup 20261101T000000Z");
        assertThat(problems(listed, "20261103T000000Z")).singleElement().asString()
                .startsWith("the archive is 1500 bytes, shorter than the parts its manifest lists (1900 bytes");
        assertThat(problems(listed, "20261104T000000Z")).singleElement().asString().startsWith("manifest unreadable:");
        assertThat(problems(listed, "20261101T000000Z")).isEmpty();
    }

    @Test
    void anEncryptedBackupIsCheckedAgainstTheCiphertextItsSidecarRecords() throws IOException {
        // given
        encrypted("20261101T000000Z", 3000, 3000);
        encrypted("20261102T000000Z", 3000, 2999);
        // when
        List<ListedBackup> listed = BackupListing.read(folder, "blog");
        // then
        ListedBackup good = listed.get(1);
        assertThat(good.complete()).as(good.problems().toString()).isTrue();
        assertThat(good.encrypted()).isTrue();
        assertThat(good.archive()).isEqualTo("backup-blog-20261101T000000Z.tar.gz.gpg");
        assertThat(good.bytes()).isEqualTo(3000);
        assertThat(problems(listed, "20261102T000000Z")).containsExactly("the archive is 3000 bytes, the manifest says 2999");
    }

    @Test
    void aSafetySnapshotIsListedWithItsKind() throws IOException {
        // given
        write("20261101T000000Z", Manifest.KIND_PRE_RESTORE, 2000);
        // when
        ListedBackup snapshot = BackupListing.read(folder, "blog").get(0);
        // then
        assertThat(snapshot.complete()).isTrue();
        assertThat(snapshot.kind()).isEqualTo("pre-restore");
    }

    @Test
    void theSidecarsDrilledAndVerifiedFieldsAreShown() throws IOException {
        // given: what job=drill and a later check add to the sidecar
        write("20261101T000000Z", Manifest.KIND_BACKUP, 2000);
        ObjectNode tree = (ObjectNode) JSON.readTree(file("20261101T000000Z", ".manifest.json").toFile());
        tree.putObject("drilled").put("at", "2026-11-02T04:00:00Z").put("result", "failed").put("error", "table x missing");
        tree.putObject("verified").put("at", "2026-11-03T05:00:00Z");
        JSON.writeValue(file("20261101T000000Z", ".manifest.json").toFile(), tree);
        // when
        ListedBackup b = BackupListing.read(folder, "blog").get(0);
        // then
        assertThat(b.complete()).as(b.problems().toString()).isTrue();
        assertThat(b.drilled()).isEqualTo(new ListedBackup.Drilled(Instant.parse("2026-11-02T04:00:00Z"), "failed",
                "table x missing"));
        assertThat(b.verified()).isEqualTo(new ListedBackup.Verified(Instant.parse("2026-11-03T05:00:00Z"),
                ListedBackup.Verified.SIDECAR));
    }

    @Test
    void partLeftoversAndWorkFoldersAreIncompleteAndOtherSitesFilesAreLeftOut() throws IOException {
        // given
        write("20261101T000000Z", Manifest.KIND_BACKUP, 2000);
        Files.writeString(folder.resolve("backup-blog-20261102T000000Z.tar.gz.part"), "half");
        Files.createDirectories(folder.resolve(".work/20261103T000000Z"));
        Files.writeString(folder.resolve("backup-blog-staging-20261101T000000Z.tar.gz"), "theirs");
        Files.writeString(folder.resolve("notes.txt"), "mine");
        // when
        List<ListedBackup> listed = BackupListing.read(folder, "blog");
        // then
        assertThat(listed).extracting(ListedBackup::id).containsExactly("20261101T000000Z", "20261103T000000Z",
                "backup-blog-20261102T000000Z.tar.gz.part");
        assertThat(listed.get(1).complete()).isFalse();
        assertThat(listed.get(1).problems()).singleElement().asString().startsWith("unfinished work folder .work/20261103T000000Z");
        assertThat(listed.get(2).problems()).singleElement().asString().startsWith("a .part file");
        assertThat(listed.get(2).bytes()).isEqualTo(4);
    }

    private static List<String> problems(List<ListedBackup> listed, String id) {
        return listed.stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow().problems();
    }

    private Path file(String id, String suffix) {
        return folder.resolve("backup-blog-" + id + suffix);
    }

    /** A plain backup whose members end at 1900 bytes (the trailer follows). */
    private void write(String id, String kind, int archiveBytes) throws IOException {
        Manifest manifest = manifest(id, kind);
        Files.write(file(id, ".tar.gz"), new byte[archiveBytes]);
        Files.write(file(id, ".manifest.json"), manifest.toJson());
        sha256(id, ".tar.gz");
    }

    private void encrypted(String id, int bytes, long recorded) throws IOException {
        String name = "backup-blog-" + id + ".tar.gz.gpg";
        EncryptionRecord record = new EncryptionRecord(EncryptionRecord.TYPE, EncryptionRecord.PASSPHRASE, "AES-256",
                List.of(), new EncryptionRecord.Content("backup-blog-" + id + ".tar.gz", 2000, "aa"),
                new EncryptionRecord.Content(name, recorded, "bb"));
        Files.write(folder.resolve(name), new byte[bytes]);
        Files.write(file(id, ".manifest.json"), SidecarManifest.withEncryption(manifest(id, "backup").toJson(), record));
        sha256(id, ".tar.gz.gpg");
    }

    private void sha256(String id, String archiveSuffix) throws IOException {
        Files.writeString(file(id, ".sha256"), "ab".repeat(32) + "  backup-blog-" + id + archiveSuffix + "\n");
    }

    private static Manifest manifest(String id, String kind) {
        String created = BackupId.parse(id).orElseThrow().time().toString();
        return new Manifest(1, "blog", id, created, "test", Map.of(),
                new Manifest.FilesPart("/www", List.of(), List.of(), 40, 37, 2, 1, 5000),
                new Manifest.DatabasePart("wp", "localhost", 900, "cc", 9, "-- Dump completed", Map.of()),
                List.of(), List.of(new Manifest.Member("files", 0, 1000, "aa"), new Manifest.Member("database", 1000, 900, "bb")),
                kind, null);
    }
}
