package org.backupbatch.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.remote.TableSelection;
import org.junit.jupiter.api.Test;

/** Which backup an incremental dump may copy tables from: one cut into sections, of the same tables. */
class IncrementalDumpTest {

    private static final SiteConfig.Database DB = new SiteConfig.Database("localhost", 3306, null, "shared", "wp",
            null);
    private static final List<Manifest.DatabaseSection> SECTIONS = List.of(
            new Manifest.DatabaseSection("header", null, 0, 1, "a", 1, "b", null));

    @Test
    void aBackupOfTheSameTablesCutIntoSectionsServes() {
        assertThat(IncrementalDump.unusable(manifest(part("shared", "wp_", SECTIONS)), DB,
                TableSelection.prefix("wp_"))).isNull();
        assertThat(IncrementalDump.unusable(manifest(part("shared", null, SECTIONS)), DB, TableSelection.ALL)).isNull();
    }

    @Test
    void aWholeDumpAnotherDatabaseOrOtherTablesDoNot() {
        assertThat(IncrementalDump.unusable(manifest(null), DB, TableSelection.ALL)).contains("no database");
        assertThat(IncrementalDump.unusable(manifest(part("shared", null, null)), DB, TableSelection.ALL))
                .contains("not cut into tables");
        assertThat(IncrementalDump.unusable(manifest(part("other", null, SECTIONS)), DB, TableSelection.ALL))
                .contains("database other, not shared");
        assertThat(IncrementalDump.unusable(manifest(part("shared", "wp_", SECTIONS)), DB, TableSelection.ALL))
                .contains("other tables");
        assertThat(IncrementalDump.unusable(manifest(part("shared", "wp_", SECTIONS)), DB,
                TableSelection.prefix("wp2_"))).contains("other tables");
    }

    private static Manifest.DatabasePart part(String name, String prefix, List<Manifest.DatabaseSection> sections) {
        return new Manifest.DatabasePart(name, "localhost", 1, "s", 1, "-- Dump completed", Map.of(), prefix,
                prefix == null ? null : List.of(), sections, null, 0L, 0L);
    }

    private static Manifest manifest(Manifest.DatabasePart part) {
        return new Manifest(Manifest.FORMAT_VERSION, "blog", "20261129T032551Z", "2026-11-29T03:25:51Z", "0.1",
                Map.of(), null, part, List.of(), List.of(), Manifest.KIND_BACKUP, null);
    }
}
