package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarManifestTest {

    private static final EncryptionRecord RECORD = new EncryptionRecord(EncryptionRecord.TYPE,
            EncryptionRecord.PUBLIC_KEY, "AES-256",
            List.of(new EncryptionRecord.Recipient("28E1F27B3950206C3B119BA1E1D346E5EF19B09B", "4E59BDEAABFAB4E0",
                    "Backups <ops@example.test>")),
            new EncryptionRecord.Content("backup-blog-20261129T032551Z.tar.gz", 1234, "aa"),
            new EncryptionRecord.Content("backup-blog-20261129T032551Z.tar.gz.gpg", 1300, "bb"));

    @Test
    void theInsideManifestComesBackByteForByteFromTheSidecar() throws Exception {
        // given: a manifest with every kind of value (nested objects, lists, maps, non-ASCII)
        byte[] inside = new Manifest(Manifest.FORMAT_VERSION, "blog", "20261129T032551Z", "2026-11-29T03:25:51Z",
                "0.1", Map.of("tar", "tar (GNU tar) 1.34"),
                new Manifest.FilesPart("/home/blog/www", List.of(), List.of("wp-content/cache/**", "é\"x"), 10, 7, 2, 1,
                        5000),
                new Manifest.DatabasePart("blog", "localhost", 10, "ab", 2, "-- Dump completed",
                        Map.of("wp_options", 3L, "wp_posts", 12L)),
                List.of("file changed as we read it: a.log"),
                List.of(new Manifest.Member("files", 0, 100, "cc"), new Manifest.Member("database", 100, 50, "dd")),
                Manifest.KIND_BACKUP, "https://blog.example.test", "https://blog.example.test/wp").toJson();

        // when
        byte[] sidecar = SidecarManifest.withEncryption(inside, RECORD);

        // then
        assertThat(SidecarManifest.inside(sidecar)).isEqualTo(inside);
        assertThat(SidecarManifest.encryption(sidecar)).isEqualTo(RECORD);
        assertThat(Manifest.fromJson(sidecar)).as("readers of the manifest ignore the encryption object")
                .isEqualTo(Manifest.fromJson(inside));
        assertThat(new String(sidecar, StandardCharsets.UTF_8)).contains("\"encryption\" : {", "\"key_id\" : "
                + "\"4E59BDEAABFAB4E0\"", "\"plaintext\" : {", "\"ciphertext\" : {");
    }

    @Test
    void aPlainBackupsSidecarIsItsInsideManifest() throws Exception {
        // given
        byte[] plain = "{\n  \"site\" : \"blog\"\n}".getBytes(StandardCharsets.UTF_8);
        // then
        assertThat(SidecarManifest.inside(plain)).isSameAs(plain);
        assertThat(SidecarManifest.encryption(plain)).isNull();
    }

    @Test
    void aDrillRecordedInTheSidecarIsIgnoredByTheInsideManifestAndReplacedByTheNext(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        // given: an encrypted backup's sidecar, as published (0600)
        byte[] inside = "{\n  \"site\" : \"blog\",\n  \"id\" : \"20261129T032551Z\"\n}".getBytes(StandardCharsets.UTF_8);
        java.nio.file.Path sidecar = PrivateFiles.write(tmp.resolve("backup-blog-20261129T032551Z.manifest.json"),
                SidecarManifest.withEncryption(inside, RECORD));
        // when
        SidecarManifest.recordDrill(sidecar, new DrillRecord("2026-11-30T04:10:12Z", DrillRecord.FAILED, "checksum"));
        SidecarManifest.recordDrill(sidecar, new DrillRecord("2026-12-01T04:10:12Z", DrillRecord.OK, null));
        // then
        byte[] now = java.nio.file.Files.readAllBytes(sidecar);
        assertThat(SidecarManifest.inside(now)).isEqualTo(inside);
        assertThat(SidecarManifest.encryption(now)).isEqualTo(RECORD);
        assertThat(SidecarManifest.drilled(now)).isEqualTo(new DrillRecord("2026-12-01T04:10:12Z", "ok", null));
        assertThat(new String(now, StandardCharsets.UTF_8)).endsWith("\"drilled\" : {\n    \"at\" : "
                + "\"2026-12-01T04:10:12Z\",\n    \"result\" : \"ok\"\n  }\n}").doesNotContain("error");
        assertThat(PrivateFiles.mode(sidecar)).isEqualTo("rw-------");
        try (var left = java.nio.file.Files.list(tmp)) {
            assertThat(left.toList()).as("no temporary file left").containsExactly(sidecar);
        }
    }

    @Test
    void aPlainBackupsDrilledSidecarGivesItsManifestBackByteForByte() throws Exception {
        // given: a manifest as the backup writes it
        byte[] inside = new Manifest(Manifest.FORMAT_VERSION, "blog", "20261129T032551Z", "2026-11-29T03:25:51Z",
                "0.1", Map.of("tar", "tar (GNU tar) 1.34"), null, null, List.of(), List.of(), Manifest.KIND_BACKUP,
                null, null).toJson();
        // when
        byte[] drilled = SidecarManifest.withDrilled(inside, new DrillRecord("2026-11-30T04:10:12Z", "failed", "x"));
        // then
        assertThat(SidecarManifest.inside(drilled)).isEqualTo(inside);
        assertThat(Manifest.fromJson(drilled)).isEqualTo(Manifest.fromJson(inside));
        assertThat(SidecarManifest.drilled(inside)).isNull();
    }
}
