package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {

    @Test
    void aDumpOfSomeTablesRecordsThePrefixAndTheTablesLeftOut() throws Exception {
        // given
        var db = new Manifest.DatabasePart("shared", "localhost", 10, "ab", 2, "-- Dump completed",
                Map.of("wp_options", 3L), "wp_", List.of("wp2_options", "wp2_posts"));

        // when
        byte[] json = manifest(db).toJson();
        Manifest read = Manifest.fromJson(json);

        // then
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"table_prefix\" : \"wp_\"", "\"tables_left_out\" : [ \"wp2_options\", \"wp2_posts\" ]");
        assertThat(read.database()).isEqualTo(db);
    }

    @Test
    void aManifestWrittenBeforeTablesWereChosenStillReads() throws Exception {
        // given: a database part without table_prefix nor tables_left_out
        String old = """
                {"format_version": 1, "site": "blog", "id": "20261129T032551Z", "created": "2026-11-29T03:25:51Z",
                 "tool_version": "0.1", "remote_tools": {}, "warnings": [], "members": [], "kind": "backup",
                 "database": {"name": "blog", "host": "localhost", "bytes": 10, "sha256": "ab", "tables": 9,
                              "dump_completed": "-- Dump completed", "rows": {"wp_options": 3}}}
                """;

        // when
        Manifest read = Manifest.fromJson(old.getBytes(StandardCharsets.UTF_8));

        // then: the whole database, as it was
        assertThat(read.database()).isEqualTo(new Manifest.DatabasePart("blog", "localhost", 10, "ab", 9,
                "-- Dump completed", Map.of("wp_options", 3L)));
        assertThat(read.database().tablePrefix()).isNull();
        assertThat(read.database().tablesLeftOut()).isNull();
    }

    @Test
    void anIncrementalDumpRecordsEachSectionWithItsMemberAndItsTextsSum() throws Exception {
        // given
        var posts = new Manifest.DatabaseSection("table", "wp_posts", 1200, 800, "c0", 3220, "d0", 4L);
        var header = new Manifest.DatabaseSection("header", null, 900, 300, "c1", 870, "d1", null);
        var db = new Manifest.DatabasePart("blog", "localhost", 4090, "ab", 1, "-- Dump completed",
                Map.of("wp_posts", 4L), null, null, List.of(header, posts), "20261128T032551Z", 2000L, 300L);

        // when
        byte[] json = manifest(db).toJson();
        Manifest read = Manifest.fromJson(json);

        // then
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"dump_sha256\" : \"d0\"",
                "\"reference\" : \"20261128T032551Z\"", "\"transferred_bytes\" : 2000", "\"reused_bytes\" : 300");
        assertThat(read.database()).isEqualTo(db);
        assertThat(Manifest.sectionsFromJson(Manifest.sectionsJson(db.sections()))).isEqualTo(db.sections());
        assertThat(posts.movedBy(100).offset()).isEqualTo(1300);
    }

    @Test
    void aWholeDumpWritesNoneOfTheIncrementalFields() {
        // given
        var db = new Manifest.DatabasePart("blog", "localhost", 10, "ab", 2, "-- Dump completed", Map.of());

        // then
        assertThat(new String(manifest(db).toJson(), StandardCharsets.UTF_8))
                .doesNotContain("sections", "reference", "transferred_bytes", "reused_bytes");
    }

    private static Manifest manifest(Manifest.DatabasePart db) {
        return new Manifest(Manifest.FORMAT_VERSION, "blog", "20261129T032551Z", "2026-11-29T03:25:51Z", "0.1",
                Map.of(), null, db, List.of(), List.of(), Manifest.KIND_BACKUP, null);
    }
}
