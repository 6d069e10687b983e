package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.SidecarManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site whose run records far more than a MariaDB job repository's context column holds (a 64 KB
 * {@code TEXT}): 5 000 unreadable files (tar warnings: the 2 000 kept of tar's stderr, some 140 KB,
 * and a note that more were printed) and a database of 1 500
 * tables (a row count each), backed up with the shared repository {@code bbfl_mariadb_repo}. The
 * run completes (it failed "Data too long" when they were kept in the context) and the manifest
 * holds every warning and every table's count.
 */
class LargeContextIT {

    private static final int FILES = 5000;
    /** The lines of a command's stderr that are kept (StderrCollector.MAX_LINES). */
    private static final int KEPT = 2000;
    private static final int TABLES = 1500;
    private static final String DATABASE = "bbfl_tables";

    @TempDir
    Path home;

    private final RunRecords repository = RunRecords.mariadb("bbfl_mariadb_repo");
    private Path site;

    @AfterEach
    void cleanUp() {
        if (site != null) {
            RemoteSite.delete(site);
        }
        repository.drop();
        Database.sql("DROP DATABASE IF EXISTS " + DATABASE + "; REVOKE ALL PRIVILEGES ON " + DATABASE + ".* FROM '"
                + TestEnv.dbUser() + "'@'localhost'");
    }

    @Test
    void fiveThousandTarWarningsAndFifteenHundredTablesFitAMariadbRepository() throws Exception {
        // given: the files (unreadable by the SSH user: mode 000), the tables, a repository in MariaDB
        site = RemoteSite.create("fl-large", "for i in $(seq 1 " + FILES + "); do echo x > unreadable-$i.txt; done; "
                + "chmod 000 unreadable-*.txt; echo '<?php echo 1;' > index.php");
        repository.drop();
        Database.sql("DROP DATABASE IF EXISTS " + DATABASE + "; CREATE DATABASE " + DATABASE + "; GRANT ALL "
                + "PRIVILEGES ON " + DATABASE + ".* TO '" + TestEnv.dbUser() + "'@'localhost'");
        StringBuilder tables = new StringBuilder();
        for (int i = 1; i <= TABLES; i++) {
            String table = String.format("wp_fl_plugin_with_a_rather_long_table_name_%04d", i);
            tables.append("CREATE TABLE ").append(table).append(" (id INT PRIMARY KEY) ENGINE=Aria; INSERT INTO ")
                    .append(table).append(" VALUES (").append(i).append(");\n");
        }
        Path sql = Files.writeString(home.resolve("tables.sql"), tables);
        Database.loadAsRoot(DATABASE, sql);
        RemoteSite.home(home, "fl-large", "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + site + "\n"
                + "database:\n  host: localhost\n  name: " + DATABASE + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n"
                + "backup:\n  destination: backups\n");
        List<String> words = new java.util.ArrayList<>(List.of("job=backup", "site=fl-large"));
        words.addAll(repository.words());
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of("BB_IT_DB_PASSWORD", TestEnv.dbPassword()),
                words.toArray(String[]::new));
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).contains(" status=COMPLETED ");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "fl-large");
        Manifest manifest = Manifest.fromJson(SidecarManifest.inside(Files.readAllBytes(Path.of(archive.toString()
                .replace(".tar.gz", ".manifest.json")))));
        // as many as the stream keeps of tar's stderr (the first 2 000 lines, some 140 KB), then a note
        assertThat(manifest.warnings().stream().filter(w -> w.contains("unreadable-") && w.contains("Permission "
                + "denied"))).hasSize(KEPT);
        assertThat(manifest.warnings()).contains("tar: more warnings were printed than kept");
        assertThat(run.summary()).containsPattern(" warnings=" + manifest.warnings().size() + "( |$)");
        assertThat(manifest.database().rows()).hasSize(TABLES)
                .containsEntry("wp_fl_plugin_with_a_rather_long_table_name_0042", 1L);
        assertThat(repository.jobStatuses()).containsExactly("COMPLETED");
    }
}
