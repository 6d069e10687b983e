package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database password on the server, against the real sshd and MariaDB: no process list shows
 * it (every process's arguments, the SSH user's environments, sampled every 50 ms) while a backup
 * dumps and a restore snapshots, loads and queries; and no file the SSH user can write holds it
 * afterwards (its temporary folders and home, searched as root), whether the run ended well,
 * failed in mysqldump, or was cut mid-dump: the tool SIGKILLed, the sshd session killed, or the
 * remote shell itself SIGKILLed (where an exit trap never runs). Each run's DB user has a password
 * of its own, a marker found nowhere else. The tool's home lies outside the folders searched.
 */
class ServerSecretsIT {

    private static final Duration LONG = Duration.ofMinutes(4);
    private static final String BIG = "bb_it_secbig_" + System.nanoTime() % 100_000_000;
    private static final Random RANDOM = new Random();

    private final String suffix = Long.toString(System.nanoTime() % 100_000_000);
    private final long started = Instant.now().getEpochSecond();
    private final List<String> databases = new ArrayList<>();
    private final List<String> users = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();
    private final List<JarRun> runs = new ArrayList<>();
    private Path home;
    private ProcessListSampler sampler;

    /** How a run is cut while mysqldump streams. */
    enum Cut { TOOL_SIGKILLED, SSHD_SESSION_KILLED, REMOTE_SHELL_SIGKILLED }

    /** ~100 MB of varied text, as ResumeIT makes it: its dump streams for seconds. */
    @BeforeAll
    static void bigDatabase() {
        StringBuilder sql = new StringBuilder("CREATE DATABASE `" + BIG + "` CHARACTER SET utf8mb4; USE `" + BIG + "`; "
                + "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a TEXT NOT NULL) ENGINE=InnoDB; ");
        appendDoublings(sql, "t", 18);
        Database.sql(sql.toString());
    }

    @AfterAll
    static void dropBigDatabase() {
        Database.sql("DROP DATABASE IF EXISTS `" + BIG + "`");
    }

    @BeforeEach
    void makeHome() throws Exception {
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-server-secrets-");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (sampler != null) {
            sampler.close();
        }
        for (JarRun run : runs) {
            run.close();
        }
        users.forEach(u -> Database.sql("DROP USER IF EXISTS '" + u + "'@'localhost'"));
        databases.forEach(d -> Database.sql("DROP DATABASE IF EXISTS `" + d + "`"));
        folders.forEach(RemoteSite::delete);
        Processes.run(List.of("rm", "-rf", "--", home.toString()), null, Map.of(), null);
    }

    @Test
    void theSamplerSeesASecretOnACommandLineAndInTheSshUsersEnvironment() throws Exception {
        // given
        String onCommandLine = marker();
        String inEnvironment = marker();
        sampler = ProcessListSampler.start();
        // when: a process as root with the secret as an argument, one as the SSH user with it in its environment
        Processes.run(List.of("sh", "-c", "sleep 0.5", "sh", onCommandLine), null, Map.of(), null);
        Processes.run(List.of("su", "-s", "/bin/sh", "-c", "sleep 0.5", TestEnv.sshUser()), null,
                Map.of("BB_IT_SECRET", inEnvironment), null);
        sampler.close();
        // then
        assertThat(sampler.linesWith(onCommandLine)).isNotEmpty();
        assertThat(sampler.linesWith(inEnvironment)).isNotEmpty();
    }

    @Test
    void aBackupAndARestoreShowThePasswordsToNoProcessListAndLeaveThemOnlyInTheirWpConfig() throws Exception {
        // given: WordPress sites a and b, each known by its wp-config.php only, each with a DB user of
        // its own; a's database has a table big enough for its dump and load to last a few seconds
        String markerA = marker();
        String markerB = marker();
        String dbA = database("bb_it_seca_" + suffix);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        StringBuilder filler = new StringBuilder("USE `" + dbA + "`; CREATE TABLE wp_bb_filler "
                + "(id INT AUTO_INCREMENT PRIMARY KEY, a TEXT NOT NULL) ENGINE=InnoDB; ");
        appendDoublings(filler, "wp_bb_filler", 16);
        Database.sql(filler.toString());
        String dbB = database("bb_it_secb_" + suffix);
        String userA = user("bb_it_sa_" + suffix, markerA, "ALL PRIVILEGES", dbA);
        String userB = user("bb_it_sb_" + suffix, markerB, "ALL PRIVILEGES", dbB);
        Path a = folder("a", "printf 'production\\n' > index.php");
        Path b = folder("b", "printf 'staging\\n' > index.php");
        RestoreFixtures.writeWpConfig(a, dbA, userA, markerA);
        RestoreFixtures.writeWpConfig(b, dbB, userB, markerB);
        RestoreFixtures.addSite(home, "a", RestoreFixtures.wpConfigOnlyYaml(a, RestoreFixtures.BLOG_URL));
        RestoreFixtures.addSite(home, "b", RestoreFixtures.wpConfigOnlyYaml(b, RestoreFixtures.STAGING_URL));
        sampler = ProcessListSampler.start(); // now: making the users put their passwords on a command line
        // when: a backup of a, then a restore of it into b (a safety snapshot of b, the load, queries)
        Processes.Result backup = Processes.backupBatch(home, Map.of(), "job=backup", "site=a");
        Processes.Result restore = Processes.backupBatch(home, Map.of(), "job=restore", "site=a", "backup=latest",
                "target=b", "confirm=yes");
        sampler.close();
        // then
        assertThat(backup.exit()).as(backup.toString()).isZero();
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(token(restore.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(sampler.linesWith("mysqldump --defaults-file=")).as("the dumps ran while sampled").isNotEmpty();
        assertThat(sampler.linesWith("--binary-mode")).as("the load ran while sampled")
                .anyMatch(l -> l.startsWith("mysql --defaults-file="));
        assertThat(sampler.linesWith(markerA)).as("process lines holding a's password").isEmpty();
        assertThat(sampler.linesWith(markerB)).as("process lines holding b's password").isEmpty();
        assertThat(ServerSide.filesHolding(markerA, started)).containsExactly(a.resolve("wp-config.php").toString());
        assertThat(ServerSide.filesHolding(markerB, started)).containsExactly(b.resolve("wp-config.php").toString());
        assertThat(RestoreFixtures.dbDefines(Files.readString(b.resolve("wp-config.php"), StandardCharsets.ISO_8859_1)))
                .containsEntry("DB_PASSWORD", markerB);
        assertNoTemporaryFileLeft();
    }

    @Test
    void aFailedDumpLeavesThePasswordNowhere() throws Exception {
        // given: a user that logs in but may not see views: mysqldump fails on the fixture's view
        String marker = marker();
        String db = database("bb_it_secf_" + suffix);
        Database.loadAsSiteUser(db, RestoreFixtures.FIXTURE);
        // 30 MB of rows dumped before the view: mysqldump lives long enough to be sampled on a busy machine
        Database.sql("USE " + db + "; CREATE TABLE wp_bulk (id INT PRIMARY KEY, payload LONGBLOB);"
                + " INSERT INTO wp_bulk SELECT seq, RANDOM_BYTES(1024) FROM seq_1_to_30000");
        String user = user("bb_it_sf_" + suffix, marker, "SELECT, TRIGGER, EVENT, LOCK TABLES", db);
        customSite("f", db, user);
        sampler = ProcessListSampler.start();
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of("BB_IT_DB_PASSWORD", marker), "job=backup", "site=f");
        sampler.close();
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(token(run.summary(), "step")).as(run.summary()).isEqualTo("dumpDatabase");
        assertThat(sampler.linesWith("mysqldump --defaults-file=")).as("mysqldump ran while sampled").isNotEmpty();
        assertThat(sampler.linesWith(marker)).isEmpty();
        assertThat(ServerSide.filesHolding(marker, started)).isEmpty();
        assertNoTemporaryFileLeft();
    }

    @ParameterizedTest
    @EnumSource(Cut.class)
    void aRunCutMidDumpLeavesThePasswordNowhere(Cut cut) throws Exception {
        // given: a dump that lasts seconds
        String marker = marker();
        String user = user("bb_it_sk_" + suffix, marker, "SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES", BIG);
        customSite("k", BIG, user);
        sampler = ProcessListSampler.start();
        JarRun run = JarRun.start(home, Map.of("BB_IT_DB_PASSWORD", marker), List.of("job=backup", "site=k"));
        runs.add(run);
        run.awaitWhileRunning("1 MB of the dump received", LONG,
                () -> JarRun.anyWorkFile(home.resolve("backups/k/.work"), "database.sql.gz.part", 1_000_000));
        ServerSide.Proc dump = ServerSide.find(p -> p.args().startsWith("mysqldump ") && p.args().contains(BIG)
                && p.args().contains("--single-transaction")).orElseThrow();
        List<ServerSide.Proc> chain = ServerSide.chainToSshd(dump);
        // when
        switch (cut) {
            case TOOL_SIGKILLED -> run.kill();
            case SSHD_SESSION_KILLED -> ServerSide.kill9(chain.get(chain.size() - 1));
            case REMOTE_SHELL_SIGKILLED -> ServerSide.kill9(chain.get(chain.size() - 2));
        }
        Processes.Result result = run.await(LONG);
        ServerSide.awaitNoProcessWith(BIG, LONG);
        sampler.close();
        // then
        if (cut != Cut.TOOL_SIGKILLED) {
            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(token(result.summary(), "step")).as(result.summary()).isEqualTo("dumpDatabase");
        }
        assertThat(sampler.linesWith(marker)).isEmpty();
        assertThat(ServerSide.filesHolding(marker, started)).isEmpty();
        assertNoTemporaryFileLeft();
    }

    /** No {@code backup-batch.XXXXXXXX} file of the test user stays (one still there 3 s later). */
    private void assertNoTemporaryFileLeft() throws InterruptedException {
        List<String> first = ServerSide.temporaryFiles(started);
        if (!first.isEmpty()) {
            Thread.sleep(3000); // another run's option file, being removed by its own exit trap
        }
        List<String> left = new ArrayList<>(ServerSide.temporaryFiles(started));
        left.retainAll(first);
        assertThat(left).isEmpty();
    }

    /** A password found nowhere else. */
    private static String marker() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "BbSecret" + HexFormat.of().formatHex(random);
    }

    private String database(String name) {
        databases.add(name);
        RestoreFixtures.createDatabase(name);
        return name;
    }

    private String user(String name, String password, String privileges, String db) {
        users.add(name);
        Database.sql("CREATE USER '" + name + "'@'localhost' IDENTIFIED BY '" + password + "'; GRANT " + privileges
                + " ON `" + db + "`.* TO '" + name + "'@'localhost'");
        return name;
    }

    private Path folder(String name, String script) throws Exception {
        Path folder = RemoteSite.create(name, script);
        folders.add(folder);
        return folder;
    }

    /** A site of its own files, its database given in the site file, the password from the environment. */
    private void customSite(String site, String db, String user) throws Exception {
        Path tree = folder(site, "printf '<?php\\n' > index.php");
        RemoteSite.home(home, site, "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + tree + "\n"
                + "database:\n  host: localhost\n  name: " + db + "\n  user: " + user + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n"
                + "backup:\n  destination: backups\n  retries: 0\n");
    }

    /** Doubles a table {@code times} times from one row of 384 characters of hex. */
    private static void appendDoublings(StringBuilder sql, String table, int times) {
        String row = "CONCAT(SHA2(RAND(), 512), SHA2(RAND(), 512), SHA2(RAND(), 512))";
        sql.append("INSERT INTO ").append(table).append(" (a) VALUES (").append(row).append("); ");
        for (int i = 0; i < times; i++) {
            sql.append("INSERT INTO ").append(table).append(" (a) SELECT ").append(row).append(" FROM ")
                    .append(table).append("; ");
        }
    }
}
