package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.token;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.backupbatch.archive.Manifest;
import org.backupbatch.remote.DatabaseDumper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code database.incremental: tables} against the real sshd and MariaDB: only the tables whose
 * dump changed cross the network, the others are copied from the last backup, and database.sql
 * is still, byte for byte, the dump a full {@code mysqldump --skip-dump-date} gives at that
 * moment; a restore gives the rows back; a damaged reference is never built on.
 */
class IncrementalDatabaseIT {

    /** The sums of the sections and the skip lines: what a night moves besides the sections sent. */
    private static final long SUMS_AND_CONTROLS = 4096;

    @TempDir
    Path tmp;
    private final String db = "bbincdb_" + Long.toString(System.nanoTime() % 100_000_000);
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        RestoreFixtures.dropDatabases(db);
        Database.sql("REVOKE ALL PRIVILEGES ON `" + db + "`.* FROM '" + TestEnv.dbUser() + "'@'localhost'");
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void aNightWithoutChangeCopiesEveryTableAndItsDumpEqualsAFullDumpTakenThen() throws Exception {
        // given: the WordPress fixture (tables, a view, triggers, routines, events), every table taken,
        // and a table named with a line break and a trigger whose body holds mysqldump's own lines
        Path home = site("every", "");
        Processes.Result created = Processes.run(List.of("mariadb", "-uroot", "--comments", db), null, Map.of(), """
                CREATE TABLE `we``ird
                name \u00fc` (id INT PRIMARY KEY, v TEXT);
                INSERT INTO `we``ird
                name \u00fc` VALUES (1, 'a\\n\\n--\\n-- Table structure for table x');
                DELIMITER ;;
                CREATE TRIGGER `trg
                2` BEFORE INSERT ON `we``ird
                name \u00fc` FOR EACH ROW BEGIN

                --
                -- Table structure for table `fake`
                --
                /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
                SET @a = 1;
                END;;
                DELIMITER ;
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(created.exit()).as(created.toString()).isZero();
        String first = RestoreFixtures.backup(home, "every");
        assertThat(dumpOf(home, "every", first)).as("night 1: database.sql equals a full dump")
                .isEqualTo(fullDump(List.of()));

        // when
        String second = RestoreFixtures.backup(home, "every");

        // then: every section was copied; only the sums crossed; the dump is still a full one
        Manifest.DatabasePart part = manifest(home, "every", second).database();
        assertThat(part.reference()).isEqualTo(first);
        assertThat(part.reusedBytes()).isEqualTo(lengths(part.sections()));
        assertThat(part.transferredBytes()).isLessThan(SUMS_AND_CONTROLS);
        assertThat(dumpOf(home, "every", second)).as("night 2: database.sql equals a full dump")
                .isEqualTo(fullDump(List.of()));
        assertThat(part.sections()).extracting(Manifest.DatabaseSection::kind)
                .contains("header", "table", "view", "events", "routines", "view-final", "footer");
        assertThat(section(part, "we`ird\nname \u00fc").rows()).isEqualTo(1);
    }

    @Test
    void aNightAfterOneTableChangedSendsOnlyThatTableAndItsRestoreGivesTheRows() throws Exception {
        // given
        Path home = site("one", "");
        String first = RestoreFixtures.backup(home, "one");
        Database.sql("UPDATE `" + db + "`.wp_posts SET post_title = 'changed tonight' WHERE ID = 1");
        Map<String, String> atBackup = Database.rowHashes(db);

        // when
        Processes.Result run = Processes.backupBatch(home, RestoreFixtures.env(), "job=backup", "site=one");

        // then: wp_posts alone was sent; every other section was copied from the first night
        assertThat(run.exit()).as(run.toString()).isZero();
        String second = token(run.summary(), "id");
        Manifest.DatabasePart before = manifest(home, "one", first).database();
        Manifest.DatabasePart part = manifest(home, "one", second).database();
        List<String> changed = changedSections(before, part);
        assertThat(changed).containsExactly("table wp_posts");
        Manifest.DatabaseSection posts = section(part, "wp_posts");
        assertThat(part.reusedBytes()).isEqualTo(lengths(part.sections()) - posts.length());
        assertThat(part.transferredBytes()).isGreaterThan(0).isLessThan(posts.length() + SUMS_AND_CONTROLS);
        assertThat(posts.rows()).isEqualTo(part.rows().get("wp_posts"));
        assertThat(dumpOf(home, "one", second)).isEqualTo(fullDump(List.of()));

        // when: the rows change, then the incremental backup is restored
        Database.sql("DELETE FROM `" + db + "`.wp_posts; DELETE FROM `" + db + "`.wp_options WHERE option_id > 2");
        Processes.Result restore = RestoreFixtures.restore(home, "site=one", "backup=" + second, "parts=db",
                "confirm=yes");

        // then
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(token(restore.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(Database.rowHashes(db)).isEqualTo(atBackup);
    }

    @Test
    void aDamagedOrCutReferenceIsNotBuiltOnTheTablesAreSentWithAWarning() throws Exception {
        // given: the first night's archive damaged inside the wp_options section
        Path home = site("bad", "");
        String first = RestoreFixtures.backup(home, "bad");
        Manifest.DatabaseSection options = section(manifest(home, "bad", first).database(), "wp_options");
        try (RandomAccessFile file = new RandomAccessFile(RestoreFixtures.archive(home, "bad", first).toFile(), "rw")) {
            file.seek(options.offset() + options.length() / 2);
            int b = file.read();
            file.seek(options.offset() + options.length() / 2);
            file.write(b ^ 0x55);
        }

        // when
        Processes.Result second = Processes.backupBatch(home, RestoreFixtures.env(), "job=backup", "site=bad");

        // then: a whole dump, a warning, a backup that verifies
        assertThat(second.exit()).as(second.toString()).isZero();
        String secondId = token(second.summary(), "id");
        Manifest manifest = manifest(home, "bad", secondId);
        assertThat(manifest.warnings()).anySatisfy(w -> assertThat(w)
                .contains("reference backup " + first, "differs from its manifest", "sent whole"));
        assertThat(manifest.database().reference()).isNull();
        assertThat(manifest.database().reusedBytes()).isZero();
        assertThat(dumpOf(home, "bad", secondId)).isEqualTo(fullDump(List.of()));

        // when: the second night's archive is cut short (its .sha256 still there), and a third night runs
        Path archive = RestoreFixtures.archive(home, "bad", secondId);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(section(manifest.database(), "wp_posts").offset());
        }
        Processes.Result third = Processes.backupBatch(home, RestoreFixtures.env(), "job=backup", "site=bad");

        // then
        assertThat(third.exit()).as(third.toString()).isZero();
        Manifest thirdManifest = manifest(home, "bad", token(third.summary(), "id"));
        assertThat(thirdManifest.warnings()).anySatisfy(w -> assertThat(w).contains("reference backup " + secondId));
        assertThat(thirdManifest.database().reusedBytes()).isZero();
        assertThat(dumpOf(home, "bad", token(third.summary(), "id"))).isEqualTo(fullDump(List.of()));
    }

    @Test
    void twoInstallsInOneDatabaseEachNightSendsOnlyTheChangedTablesOfItsPrefix() throws Exception {
        // given: the fixture as install wp_ and again as wp2_; site one takes the prefix wp_
        Path home = site("pfx", "  tables: prefix\n  table_prefix: wp_\n");
        String second = Files.readString(RestoreFixtures.FIXTURE, StandardCharsets.UTF_8)
                .replace("`wp_", "`wp2_").replaceAll("(FUNCTION|PROCEDURE|EVENT) `bb_", "$1 `bb2_");
        Database.loadAsSiteUser(db, Files.writeString(tmp.resolve("wordpress-wp2.sql"), second, StandardCharsets.UTF_8));
        String night1 = RestoreFixtures.backup(home, "pfx");
        List<String> own = tablesStartingWith("wp_");
        assertThat(dumpOf(home, "pfx", night1)).isEqualTo(fullDump(own));

        // when: only the other install changes
        Database.sql("UPDATE `" + db + "`.wp2_posts SET post_title = 'two changed' WHERE ID = 1");
        String night2 = RestoreFixtures.backup(home, "pfx");

        // then: nothing of the site's own tables was sent
        Manifest.DatabasePart part2 = manifest(home, "pfx", night2).database();
        assertThat(part2.tablePrefix()).isEqualTo("wp_");
        assertThat(part2.reusedBytes()).isEqualTo(lengths(part2.sections()));
        assertThat(part2.sections()).filteredOn(s -> s.name() != null)
                .allSatisfy(s -> assertThat(s.name()).startsWith("wp_"));

        // when: one of its own tables changes
        Database.sql("UPDATE `" + db + "`.wp_options SET option_value = 'one changed' WHERE option_name = 'blogname'");
        String night3 = RestoreFixtures.backup(home, "pfx");

        // then
        Manifest.DatabasePart part3 = manifest(home, "pfx", night3).database();
        assertThat(changedSections(part2, part3)).containsExactly("table wp_options");
        assertThat(part3.reusedBytes()).isEqualTo(lengths(part3.sections()) - section(part3, "wp_options").length());
        assertThat(dumpOf(home, "pfx", night3)).isEqualTo(fullDump(own));
    }

    /** A site over the test account, with the fixture loaded in its own database. */
    private Path site(String name, String databaseKeys) throws Exception {
        RestoreFixtures.createDatabase(db);
        Database.sql("GRANT ALL ON `" + db + "`.* TO '" + TestEnv.dbUser() + "'@'localhost'");
        Database.loadAsSiteUser(db, RestoreFixtures.FIXTURE);
        Path folder = RemoteSite.create("incdb-" + name, "printf 'site\\n' > index.php");
        folders.add(folder);
        return RemoteSite.home(tmp.resolve("home-" + name), name, "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + folder + "\n"
                + "database:\n  host: localhost\n  name: " + db + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n  incremental: tables\n" + databaseKeys
                + "backup:\n  destination: backups\n");
    }

    /** database.sql as {@code tar xzf} gives it. */
    private byte[] dumpOf(Path home, String site, String id) throws Exception {
        Path extracted = RemoteSite.extract(RestoreFixtures.archive(home, site, id), tmp.resolve("x-" + id));
        return Files.readAllBytes(extracted.resolve("database.sql"));
    }

    /** What {@code mysqldump --skip-dump-date} gives now, with the tool's flags, as the site's user. */
    private byte[] fullDump(List<String> tables) throws Exception {
        Path cnf = Files.createTempFile(tmp, "incdb", ".cnf");
        Files.writeString(cnf, "[client]\nuser=" + TestEnv.dbUser() + "\npassword=\""
                + TestEnv.dbPassword().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\nhost=localhost\n");
        Path out = tmp.resolve("full-" + System.nanoTime() + ".sql");
        List<String> command = new ArrayList<>(List.of("mysqldump", "--defaults-file=" + cnf, "--skip-dump-date",
                "--result-file=" + out));
        command.addAll(List.of((DatabaseDumper.DUMP_FLAGS + " " + DatabaseDumper.PROGRAMS_FLAGS).split(" ")));
        command.add("--");
        command.add(db);
        command.addAll(tables);
        Processes.Result result = Processes.run(command, null, Map.of(), null);
        assertThat(result.exit()).as(result.toString()).isZero();
        return Files.readAllBytes(out);
    }

    /** The sections whose text differs from the night before, as {@code kind name}. */
    private static List<String> changedSections(Manifest.DatabasePart before, Manifest.DatabasePart after) {
        Map<String, String> old = new TreeMap<>();
        before.sections().forEach(s -> old.put(s.kind() + " " + s.name(), s.dumpSha256()));
        return after.sections().stream().filter(s -> !s.dumpSha256().equals(old.get(s.kind() + " " + s.name())))
                .map(s -> s.kind() + " " + s.name()).toList();
    }

    private static Manifest.DatabaseSection section(Manifest.DatabasePart part, String table) {
        return part.sections().stream().filter(s -> "table".equals(s.kind()) && table.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no section for table " + table + ": " + part.sections()));
    }

    private static long lengths(List<Manifest.DatabaseSection> sections) {
        return sections.stream().mapToLong(Manifest.DatabaseSection::length).sum();
    }

    private static Manifest manifest(Path home, String site, String id) throws Exception {
        return Manifest.fromJson(Files.readAllBytes(RestoreFixtures.manifest(home, site, id)));
    }

    private List<String> tablesStartingWith(String prefix) {
        return Database.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + db
                + "' AND LEFT(TABLE_NAME, " + prefix.length() + ") = BINARY '" + prefix + "' ORDER BY BINARY TABLE_NAME")
                .lines().filter(line -> !line.isBlank()).toList();
    }
}
