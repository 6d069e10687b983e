package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row of 150 MB (one BLOB: 300 MB of {@code --hex-blob} text on one dump line) is backed up and
 * restored by the jar at {@code -Xmx64m}: the clients' packet limit is raised, and nothing holds
 * the line whole. The server's own {@code max_allowed_packet} must allow such a row (a host that
 * stores one does); it is raised here for the test and put back after.
 */
class LargeRowIT {

    private static final int MB = 1024 * 1024;

    @TempDir
    Path tmp;
    private String database = "bb_wtspeed_big_" + Long.toString(System.nanoTime() % 100_000_000);
    private String packet;
    private Path site;

    @BeforeEach
    void raiseServerPacket() {
        packet = Database.sql("SELECT @@GLOBAL.max_allowed_packet").strip();
        Database.sql("SET GLOBAL max_allowed_packet = GREATEST(@@GLOBAL.max_allowed_packet, 1073741824)");
    }

    @AfterEach
    void cleanUp() {
        Database.sql("DROP DATABASE IF EXISTS `" + database + "`; SET GLOBAL max_allowed_packet = " + packet);
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    @Test
    void aRowOf150MbIsBackedUpAndRestoredAtXmx64m() throws Exception {
        backUpAndRestore("", 1);
    }

    /**
     * The same with {@code database.incremental: tables}, two nights: the first sends the table
     * whole (cut into its section here), the second copies it from the first and reads it back
     * for its sums and rows.
     */
    @Test
    void aRowOf150MbIsBackedUpIncrementallyAndRestoredAtXmx64m() throws Exception {
        database = "bbincdb_big_" + Long.toString(System.nanoTime() % 100_000_000);
        backUpAndRestore("  incremental: tables\n", 2);
    }

    /** @param nights backups taken before the restore of the last one */
    private void backUpAndRestore(String databaseKeys, int nights) throws Exception {
        // given: a database with one 150 MB BLOB row (not all one byte: each MB differs) beside small rows
        Database.sql("CREATE DATABASE `" + database + "`; GRANT ALL ON `" + database + "`.* TO '"
                + TestEnv.dbUser() + "'@'localhost'");
        Database.sql("USE `" + database + "`; CREATE TABLE big (id INT PRIMARY KEY, body LONGBLOB);"
                + "CREATE TABLE small (id INT PRIMARY KEY, note VARCHAR(20));"
                + "INSERT INTO small VALUES (1, 'a'), (2, 'b');"
                + "INSERT INTO big VALUES (1, '');"
                + "SET SESSION group_concat_max_len = 1073741824; "
                + "INSERT INTO big SELECT 2, GROUP_CONCAT(REPEAT(MD5(seq), " + (MB / 32) + ") SEPARATOR '') "
                + "FROM seq_0_to_" + (150 - 1) + ";");
        Map<String, String> before = Database.rowHashes(database);
        assertThat(Database.sql("SELECT LENGTH(body) FROM `" + database + "`.big WHERE id = 2").strip())
                .isEqualTo(Integer.toString(150 * MB));
        site = RemoteSite.create("wt-speed-big", "printf x > index.php");
        Path home = RemoteSite.home(tmp.resolve("home"), "big", "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + site + "\n"
                + "database:\n  host: localhost\n  name: " + database + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n" + databaseKeys
                + "backup:\n  destination: backups\n");
        Map<String, String> env = Map.of("BB_IT_DB_PASSWORD", TestEnv.dbPassword());
        // when
        Processes.Result backup = null;
        for (int night = 1; night <= nights; night++) {
            backup = Processes.backupBatchWithHeap("-Xmx64m", home, env, "job=backup", "site=big");
            assertThat(backup.exit()).as("night " + night + ": " + backup).isZero();
        }
        Database.sql("USE `" + database + "`; DELETE FROM big; DELETE FROM small");
        Processes.Result restore = Processes.backupBatchWithHeap("-Xmx64m", home, env, "job=restore", "site=big",
                "backup=latest", "parts=db", "confirm=yes");
        // then
        assertThat(backup.exit()).as(backup.toString()).isZero();
        assertThat(backup.summary()).contains(" status=COMPLETED ");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(Database.rowHashes(database)).isEqualTo(before);
    }
}
