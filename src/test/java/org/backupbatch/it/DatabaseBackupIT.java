package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps real MariaDB databases through the test SSH account and loads {@code database.sql} into a
 * fresh database: rows, routines, triggers, views and events must come back the same.
 */
class DatabaseBackupIT {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/wordpress.sql");

    @TempDir
    Path tmp;
    private final String suffix = Long.toString(System.nanoTime() % 100_000_000);
    private final String source = "bb_it_src_" + suffix;
    private final String restored = "bb_it_dst_" + suffix;
    private Path site;

    @AfterEach
    void cleanUp() {
        Database.sql("DROP DATABASE IF EXISTS `" + source + "`; DROP DATABASE IF EXISTS `" + restored + "`");
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    @Test
    void dumpLoadedIntoAFreshDatabaseGivesTheSameRowsAndPrograms() throws Exception {
        // given
        Database.sql("CREATE DATABASE `" + source + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Database.loadAsSiteUser(source, FIXTURE);
        site = RemoteSite.create("db", "printf x > index.php");
        Path home = RemoteSite.home(tmp.resolve("home"), "shop", "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + site + "\n"
                + "database:\n  host: localhost\n  name: " + source + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n"
                + "backup:\n  destination: backups\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of("BB_IT_DB_PASSWORD", TestEnv.dbPassword()),
                "job=backup", "site=shop");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).contains(" status=COMPLETED ", " db=");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "shop");
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x"));
        assertRoundTrip(extracted.resolve("database.sql"), source);
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(extracted.resolve("manifest.json")));
        assertThat(manifest.database().name()).isEqualTo(source);
        assertThat(manifest.database().tables()).isEqualTo(9);
        assertThat(manifest.database().bytes()).isEqualTo(Files.size(extracted.resolve("database.sql")));
        assertNoSecretAnywhere(home, run, TestEnv.dbPassword());
    }

    @Test
    void wordpressSiteIsDumpedWithTheCredentialsOfItsWpConfig() throws Exception {
        // given: the site and database that scripts/test-env.sh made; no database section at all
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  app_type: wordpress\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + TestEnv.get("site.path") + "\n"
                + "backup:\n  destination: backups\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        Path extracted = RemoteSite.extract(RemoteSite.onlyArchive(home.resolve("backups"), "blog"), tmp.resolve("x"));
        assertRoundTrip(extracted.resolve("database.sql"), TestEnv.get("db.name"));
        assertThat(extracted.resolve("files/wp-config.php")).exists();
        assertThat(extracted.resolve("files/wp-content/cache")).isEmptyDirectory();
        assertNoSecretAnywhere(home, run, TestEnv.dbPassword());
    }

    private void assertRoundTrip(Path dump, String original) throws Exception {
        String sql = Files.readString(dump, StandardCharsets.ISO_8859_1);
        assertThat(sql.strip()).contains("-- Dump completed");
        Database.sql("CREATE DATABASE `" + restored + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Database.loadAsRoot(restored, dump);
        assertThat(Database.rowHashes(restored)).isEqualTo(Database.rowHashes(original)).hasSize(9);
        List<String> programs = Database.programs(original);
        assertThat(programs).anyMatch(p -> p.startsWith("PROCEDURE")).anyMatch(p -> p.startsWith("FUNCTION"))
                .anyMatch(p -> p.startsWith("TRIGGER")).anyMatch(p -> p.startsWith("VIEW"))
                .anyMatch(p -> p.startsWith("EVENT"));
        assertThat(Database.programs(restored)).isEqualTo(programs);
    }

    /** The password must not be in the output, the logs, or the job repository. */
    static void assertNoSecretAnywhere(Path home, Processes.Result run, String secret) throws Exception {
        assertThat(run.stdout()).doesNotContain(secret);
        assertThat(run.stderr()).doesNotContain(secret);
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/backups/")).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString())
                        .doesNotContain(new String(needle, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
