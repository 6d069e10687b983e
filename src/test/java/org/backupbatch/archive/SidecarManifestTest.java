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
}
