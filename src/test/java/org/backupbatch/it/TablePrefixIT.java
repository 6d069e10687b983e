package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.BLOG_URL;
import static org.backupbatch.it.RestoreFixtures.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two WordPress installs in one database, {@code wp_} and {@code wp2_} (a host that limits the
 * number of databases), against the real sshd and MariaDB: a backup of one takes only its own
 * tables, read by the prefix of its wp-config.php, and restoring it leaves the other install's
 * rows as they are.
 */
class TablePrefixIT {

    @TempDir
    Path tmp;
    private final String db = "bb_it_pfx_" + Long.toString(System.nanoTime() % 100_000_000);
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        RestoreFixtures.dropDatabases(db);
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void aBackupTakesItsOwnPrefixAndItsRestoreLeavesTheOtherInstallAlone() throws Exception {
        // given: one database, two installs; each site file names no database: wp-config.php does
        sharedDatabase();
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "one", yaml(site("one", "s/'bb_wordpress'/'" + db + "'/")));
        RestoreFixtures.addSite(home, "two", yaml(site("two",
                "s/'bb_wordpress'/'" + db + "'/; s/^\\$table_prefix = 'wp_';/$table_prefix = \"wp2_\";/")));
        List<String> secondInstall = tablesStartingWith("wp2_");
        assertThat(secondInstall).as("the second install's tables and view").hasSize(10);

        // when
        String id = RestoreFixtures.backup(home, "one");
        Map<String, String> atBackup = Database.rowHashes(db);

        // then: the manifest and the dump hold the first install only
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(RestoreFixtures.manifest(home, "one", id)));
        assertThat(manifest.database().tablePrefix()).isEqualTo("wp_");
        assertThat(manifest.database().tablesLeftOut()).isEqualTo(secondInstall);
        assertThat(manifest.database().tables()).isEqualTo(9);
        assertThat(manifest.database().rows().keySet()).contains("wp_options", "wp_posts")
                .allSatisfy(table -> assertThat(table).startsWith("wp_"));
        Path extracted = RemoteSite.extract(RestoreFixtures.archive(home, "one", id), tmp.resolve("x"));
        String dump = Files.readString(extracted.resolve("database.sql"), StandardCharsets.UTF_8);
        assertThat(dump).contains("CREATE TABLE `wp_options`", "INSERT INTO `wp_posts`", "VIEW `wp_bb_published_posts`",
                "TRIGGER `wp_bb_comments_ai`", "PROCEDURE `bb_purge_transients`")
                .doesNotContain("TABLE `wp2_", "INTO `wp2_", "VIEW `wp2_", "TRIGGER `wp2_");

        // when: both installs change after the backup, then the first is restored onto itself
        Database.sql("UPDATE `" + db + "`.wp_posts SET post_title='one, after the backup' WHERE ID=1;"
                + "DELETE FROM `" + db + "`.wp_comments WHERE comment_ID=2;"
                + "UPDATE `" + db + "`.wp2_posts SET post_title='two, after the backup' WHERE ID=1;"
                + "DELETE FROM `" + db + "`.wp2_comments WHERE comment_ID=2;");
        Map<String, String> changed = Database.rowHashes(db);
        Processes.Result run = Processes.backupBatch(home, RestoreFixtures.env(), "job=restore", "site=one",
                "backup=" + id, "parts=db", "confirm=yes");

        // then: the first install's rows are those of the backup, the second's keep their change
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("COMPLETED");
        Map<String, String> restored = Database.rowHashes(db);
        assertThat(only("wp_", changed)).as("the change to install one").isNotEqualTo(only("wp_", atBackup));
        assertThat(only("wp_", restored)).as("install one").isEqualTo(only("wp_", atBackup));
        assertThat(only("wp2_", changed)).as("the change to install two").isNotEqualTo(only("wp2_", atBackup));
        assertThat(only("wp2_", restored)).as("install two").isEqualTo(only("wp2_", changed));
    }

    /** The fixture as the {@code wp_} install, and again with its tables (and routines) renamed to {@code wp2_}. */
    private void sharedDatabase() throws Exception {
        RestoreFixtures.createDatabase(db);
        Database.loadAsSiteUser(db, RestoreFixtures.FIXTURE);
        String second = Files.readString(RestoreFixtures.FIXTURE, StandardCharsets.UTF_8)
                .replace("`wp_", "`wp2_")
                .replaceAll("(FUNCTION|PROCEDURE|EVENT) `bb_", "$1 `bb2_");
        Path renamed = Files.writeString(tmp.resolve("wordpress-wp2.sql"), second, StandardCharsets.UTF_8);
        Database.loadAsSiteUser(db, renamed);
    }

    /** A site folder whose wp-config.php is the test site's, edited by a sed script. */
    private Path site(String name, String sed) throws Exception {
        Path folder = RemoteSite.create(name, """
                sed %s /home/bbtest/www/wp-config.php > wp-config.php && chmod 640 wp-config.php
                printf 'site %s\\n' > index.php
                """.formatted(shellQuote(sed), name));
        folders.add(folder);
        String prefix = Files.readString(folder.resolve("wp-config.php")).lines()
                .filter(line -> line.startsWith("$table_prefix")).findFirst().orElseThrow();
        assertThat(prefix).as(name + "'s wp-config.php").isEqualTo(name.equals("one")
                ? "$table_prefix = 'wp_';" : "$table_prefix = \"wp2_\";");
        return folder;
    }

    /** A WordPress site without a database section: name, credentials and prefix from wp-config.php. */
    private static String yaml(Path folder) {
        return "site:\n  app_type: wordpress\n  url: " + BLOG_URL + "\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + folder + "\n"
                + "backup:\n  destination: backups\n";
    }

    private List<String> tablesStartingWith(String prefix) {
        return Database.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + db
                + "' AND LEFT(TABLE_NAME, " + prefix.length() + ") = BINARY '" + prefix
                + "' ORDER BY BINARY TABLE_NAME")
                .lines().filter(line -> !line.isBlank()).toList();
    }

    private static Map<String, String> only(String prefix, Map<String, String> hashes) {
        Map<String, String> selected = new TreeMap<>();
        hashes.forEach((table, hash) -> {
            if (table.startsWith(prefix)) {
                selected.put(table, hash);
            }
        });
        assertThat(selected).as("tables starting with " + prefix).isNotEmpty();
        return selected;
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
