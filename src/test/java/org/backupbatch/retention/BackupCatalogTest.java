package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {

    @TempDir
    Path siteFolder;

    @Test
    void listsOnlyBackupsWithArchiveManifestAndChecksumOldestFirst() throws IOException {
        // given
        complete("blog", "20261120T032551Z");
        complete("blog", "20261101T032551Z");
        complete("blog", "20261115T032551Z");
        touch("backup-blog-20261121T032551Z.tar.gz", "backup-blog-20261121T032551Z.manifest.json");
        touch("backup-blog-20261122T032551Z.sha256", "backup-blog-20261122T032551Z.manifest.json");
        touch("backup-blog-20261123T032551Z.sha256", "backup-blog-20261123T032551Z.tar.gz");
        touch("backup-blog-20261124T032551Z.sha256");
        // when
        List<BackupFiles> backups = BackupCatalog.complete(siteFolder, "blog");
        // then
        assertThat(backups).extracting(b -> b.id().value())
                .containsExactly("20261101T032551Z", "20261115T032551Z", "20261120T032551Z");
        assertThat(backups).allSatisfy(b -> {
            assertThat(b.site()).isEqualTo("blog");
            assertThat(b.siteFolder()).isEqualTo(siteFolder);
        });
    }

    @Test
    void ignoresAnotherSiteWhoseNameStartsTheSame() throws IOException {
        // given
        complete("blog", "20261101T032551Z");
        complete("blog-staging", "20261102T032551Z");
        // when
        List<BackupFiles> blog = BackupCatalog.complete(siteFolder, "blog");
        List<BackupFiles> staging = BackupCatalog.complete(siteFolder, "blog-staging");
        // then
        assertThat(blog).extracting(b -> b.id().value()).containsExactly("20261101T032551Z");
        assertThat(staging).extracting(b -> b.id().value()).containsExactly("20261102T032551Z");
    }

    @Test
    void ignoresStrayFilesAndTheWorkFolder() throws IOException {
        // given
        complete("blog", "20261101T032551Z");
        touch("notes.txt", "backup-blog-latest.sha256", "backup-blog-20261129T032551Z.sha256.bak",
                "backup-blog-2026.sha256", "backup-blog-20261399T032551Z.sha256",
                "backup-blog-20261399T032551Z.tar.gz", "backup-blog-20261399T032551Z.manifest.json");
        Path work = Files.createDirectories(siteFolder.resolve(".work/20261129T032551Z"));
        for (String suffix : List.of(".tar.gz", ".manifest.json", ".sha256")) {
            Files.writeString(work.resolve("backup-blog-20261129T032551Z" + suffix), "unfinished");
        }
        // when
        List<BackupFiles> backups = BackupCatalog.complete(siteFolder, "blog");
        // then
        assertThat(backups).extracting(b -> b.id().value()).containsExactly("20261101T032551Z");
    }

    @Test
    void refusesAFolderWhereTheArchiveShouldBe() throws IOException {
        // given
        touch("backup-blog-20261101T032551Z.sha256", "backup-blog-20261101T032551Z.manifest.json");
        Files.createDirectory(siteFolder.resolve("backup-blog-20261101T032551Z.tar.gz"));
        // when
        List<BackupFiles> backups = BackupCatalog.complete(siteFolder, "blog");
        // then
        assertThat(backups).isEmpty();
    }

    @Test
    void listsNothingWhenTheSiteFolderDoesNotExist() throws IOException {
        // given
        Path missing = siteFolder.resolve("never-backed-up");
        // when
        List<BackupFiles> backups = BackupCatalog.complete(missing, "blog");
        // then
        assertThat(backups).isEmpty();
    }

    @Test
    void namesTheFilesOfABackupAndItsWorkFolder() {
        // given
        BackupFiles files = new BackupFiles(siteFolder, "blog", BackupId.parse("20261129T032551Z").orElseThrow());
        // when / then
        assertThat(files.archive()).isEqualTo(siteFolder.resolve("backup-blog-20261129T032551Z.tar.gz"));
        assertThat(files.manifest()).isEqualTo(siteFolder.resolve("backup-blog-20261129T032551Z.manifest.json"));
        assertThat(files.checksum()).isEqualTo(siteFolder.resolve("backup-blog-20261129T032551Z.sha256"));
        assertThat(files.workFolder()).isEqualTo(siteFolder.resolve(".work/20261129T032551Z"));
    }

    @Test
    void anEncryptedBackupIsCompleteWithItsCiphertextManifestAndChecksum() throws IOException {
        // given
        touch("backup-blog-20261101T032551Z.tar.gz.gpg", "backup-blog-20261101T032551Z.manifest.json",
                "backup-blog-20261101T032551Z.sha256");
        touch("backup-blog-20261102T032551Z.tar.gz.gpg", "backup-blog-20261102T032551Z.manifest.json");
        complete("blog", "20261103T032551Z");
        // when
        List<BackupFiles> backups = BackupCatalog.complete(siteFolder, "blog");
        // then
        assertThat(backups).extracting(b -> b.id().value()).containsExactly("20261101T032551Z", "20261103T032551Z");
        assertThat(backups.get(0).isEncrypted()).isTrue();
        assertThat(backups.get(0).archive()).isEqualTo(siteFolder.resolve("backup-blog-20261101T032551Z.tar.gz.gpg"));
        assertThat(backups.get(1).isEncrypted()).isFalse();
        assertThat(backups.get(1).archive()).isEqualTo(siteFolder.resolve("backup-blog-20261103T032551Z.tar.gz"));
    }

    @Test
    void aBackupsFilesAreTheChecksumFirstThenBothArchiveNamesAndTheManifest() {
        // given
        BackupFiles files = new BackupFiles(siteFolder, "blog", BackupId.parse("20261129T032551Z").orElseThrow());
        // then
        assertThat(files.files()).extracting(p -> p.getFileName().toString()).containsExactly(
                "backup-blog-20261129T032551Z.sha256", "backup-blog-20261129T032551Z.tar.gz.gpg",
                "backup-blog-20261129T032551Z.tar.gz", "backup-blog-20261129T032551Z.manifest.json",
                "backup-blog-20261129T032551Z.files.gz");
    }

    @Test
    void publishingAnEncryptedArchiveNamesTheCiphertextInTheChecksumFile() throws IOException {
        // given
        BackupFiles files = new BackupFiles(siteFolder, "blog", BackupId.parse("20261129T032551Z").orElseThrow());
        Path work = Files.createDirectories(files.workFolder());
        Path cipher = Files.writeString(work.resolve("a.gpg.part"), "cipher");
        Path manifest = Files.writeString(work.resolve("m.json"), "{}");
        Files.writeString(work.resolve("backup-blog-20261129T032551Z.tar.gz.part"), "plain");
        // when
        files.publish(cipher, manifest, "ab".repeat(32), true);
        // then
        assertThat(Files.readString(files.checksum())).isEqualTo("ab".repeat(32)
                + "  backup-blog-20261129T032551Z.tar.gz.gpg\n");
        assertThat(files.archive()).isEqualTo(files.encryptedArchive()).hasContent("cipher");
        assertThat(files.plainArchive()).doesNotExist();
        assertThat(files.workFolder()).as("the plain work copy goes with it").doesNotExist();
    }

    private void complete(String site, String id) throws IOException {
        String base = "backup-" + site + "-" + id;
        touch(base + ".tar.gz", base + ".manifest.json", base + ".sha256");
    }

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Files.writeString(siteFolder.resolve(name), name);
        }
    }
}
