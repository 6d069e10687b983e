package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, "Resume": a run that fails (connection reset, sshd gone, a privilege revoked, a killed
 * JVM, a full disk) exits 1 without publishing anything, and the same command then restarts that
 * backup (same id) without executing again the steps that completed, giving the archive a run
 * without faults would have given. Real processes throughout: the jar, the test sshd, MariaDB,
 * a TCP proxy that resets connections, a tmpfs that fills up.
 */
@Isolated // stops and restarts the shared test sshd: nothing else may run meanwhile
class ResumeIT {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/wordpress.sql");
    private static final Path TEST_ENV = Path.of("scripts/test-env.sh").toAbsolutePath();
    private static final Duration LONG = Duration.ofMinutes(3);

    @TempDir
    Path tmp;
    private final String suffix = Long.toString(System.nanoTime() % 100_000_000);
    private final String site = "rs" + suffix;
    private final String dbPassword = "It-pw-" + suffix;
    private final List<Path> remoteSites = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();
    private final List<String> dbUsers = new ArrayList<>();
    private final List<RunRecords> repositories = new ArrayList<>();
    private final List<JarRun> background = new ArrayList<>();
    private Path mount;
    private FaultProxy proxy;
    private boolean sshdStopped;

    @AfterEach
    void cleanUp() throws Exception {
        for (JarRun run : background) {
            run.close();
        }
        if (sshdStopped) {
            Processes.check(List.of(TEST_ENV.toString(), "sshd-start"), null);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (mount != null) {
            Processes.run(List.of("umount", "-l", mount.toString()), null, Map.of(), null);
        }
        for (String user : dbUsers) {
            Database.sql("DROP USER IF EXISTS '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        }
        for (String database : databases) {
            Database.sql("DROP DATABASE IF EXISTS `" + database + "`");
        }
        repositories.forEach(RunRecords::drop);
        remoteSites.forEach(RemoteSite::delete);
    }

    // ------------------------------------------------------------------ faults in a step

    @Test
    void resumesFromStreamFilesAfterTheConnectionIsResetMidTransfer() throws Exception {
        // given: files of a few MB through a proxy that resets connections after 1 MB from the server
        Path tree = remoteTree("reset", randomFiles(2, 3_000_000));
        String db = fixtureDatabase();
        proxy = FaultProxy.toTestSshd().resetAfter(1_000_000);
        Path home = home(proxy.sshYaml(tmp), tree, databaseYaml(db, TestEnv.dbUser()), "  retries: 0\n");
        RunRecords repo = mariadbRepository();
        // when
        Processes.Result first = backup(home, repo);
        List<String> publishedAfterFirst = published(home.resolve("backups"));
        proxy.noFaults();
        Processes.Result second = backup(home, repo);
        // then
        assertFailedIn(first, "streamFiles", "(?i).*(connection|reset).*");
        assertThat(proxy.resets()).as("connections reset by the proxy, in %s", first).isPositive();
        assertThat(publishedAfterFirst).isEmpty();
        assertResumed(first, second);
        assertThat(repo.stepCounts()).containsEntry("validate", 2).containsEntry("dumpDatabase", 1)
                .containsEntry("streamFiles", 2).containsEntry("assembleArchive", 1);
        Path extracted = extractChecked(home.resolve("backups"), id(second));
        assertFilesEqual(extracted, tree);
        assertDatabaseEqual(extracted, db);
    }

    @Test
    void resumesFromDumpDatabaseAfterSshdIsStoppedDuringTheDump() throws Exception {
        // given: a database whose dump takes seconds, a tiny tree, the sshd itself (no proxy)
        Path tree = remoteTree("sshd", "printf '<?php\\n' > index.php");
        String db = bigDatabase();
        Path home = home(TestEnv.sshYaml(), tree, databaseYaml(db, TestEnv.dbUser()), "  retries: 0\n");
        RunRecords repo = mariadbRepository();
        Path work = home.resolve("backups").resolve(site).resolve(".work");
        // when: sshd (listener and live sessions) goes away while the dump streams
        JarRun run = background(home, repo);
        run.awaitWhileRunning("the dump streaming after the files completed", LONG,
                () -> JarRun.anyWorkFile(work, "files.tar.gz", 0) && JarRun.anyWorkFile(work, "database.sql.gz.part", 2_000_000));
        stopSshd();
        Processes.Result first = run.await(LONG);
        List<String> publishedAfterFirst = published(home.resolve("backups"));
        startSshd();
        Processes.Result second = backup(home, repo);
        Map<String, Integer> counts = repo.stepCounts();
        Processes.Result reference = backup(home, repo);
        // then
        assertFailedIn(first, "dumpDatabase", "(?i).*(connection|closed|lost|reset|eof).*");
        assertThat(publishedAfterFirst).isEmpty();
        assertResumed(first, second);
        assertThat(counts).containsEntry("streamFiles", 1).containsEntry("dumpDatabase", 2)
                .containsEntry("validate", 2);
        // the reference (a new backup, the last one completed) was made without faults
        assertThat(reference.exit()).as(reference.toString()).isZero();
        assertThat(id(reference)).isNotEqualTo(id(second));
        Path resumed = extractChecked(home.resolve("backups"), id(second));
        Path clean = extractChecked(home.resolve("backups"), id(reference));
        assertFilesEqual(resumed, tree);
        assertThat(dumpDigest(resumed.resolve("database.sql"))).isEqualTo(dumpDigest(clean.resolve("database.sql")));
    }

    @Test
    void resumesAfterMysqldumpFailsBecauseAGrantWasRevoked() throws Exception {
        // given: a DB user without SHOW VIEW (it logs in, but mysqldump fails on the view)
        Path tree = remoteTree("grant", randomFiles(1, 200_000));
        String db = fixtureDatabase();
        String user = dumpUser(db);
        Database.sql("REVOKE SHOW VIEW ON `" + db + "`.* FROM '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        Path home = home(TestEnv.sshYaml(), tree, databaseYaml(db, user), "  retries: 0\n");
        RunRecords repo = mariadbRepository();
        // when
        Processes.Result first = backup(home, repo);
        List<String> publishedAfterFirst = published(home.resolve("backups"));
        Database.sql("GRANT SHOW VIEW ON `" + db + "`.* TO '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        Processes.Result second = backup(home, repo);
        // then
        assertFailedIn(first, "dumpDatabase", "(?s).*SHOW VIEW.*");
        assertThat(publishedAfterFirst).isEmpty();
        assertResumed(first, second);
        assertThat(repo.stepCounts()).containsEntry("streamFiles", 1).containsEntry("dumpDatabase", 2)
                .containsEntry("validate", 2);
        Path extracted = extractChecked(home.resolve("backups"), id(second));
        assertFilesEqual(extracted, tree);
        assertDatabaseEqual(extracted, db);
    }

    @Test
    void resumesAfterTheJvmIsKilledMidStream() throws Exception {
        // given: ~150 MB of incompressible files, the default (HSQLDB file) repository
        Path tree = remoteTree("kill", randomFiles(3, 50_000_000));
        Path home = home(TestEnv.sshYaml(), tree, "", "");
        Path work = home.resolve("backups").resolve(site).resolve(".work");
        // when: SIGKILL once 20 MB were received (files that do not compress travel in their own stream)
        JarRun killed = background(home, null);
        killed.awaitWhileRunning("20 MB of files received", LONG,
                () -> JarRun.anyWorkFile(work, "files-stored.tar.gz.part", 20_000_000));
        killed.kill();
        String killedId = onlyWorkFolder(work);
        List<String> publishedAfterKill = published(home.resolve("backups"));
        Processes.Result rerun = Processes.backupBatch(home, Map.of(), words(null).toArray(String[]::new));
        // then
        assertThat(publishedAfterKill).isEmpty();
        assertThat(rerun.exit()).as(rerun.toString()).isZero();
        assertThat(rerun.stderr()).contains("recovering");
        assertThat(id(rerun)).isEqualTo(killedId);
        assertThat(rerun.summary()).contains(" status=COMPLETED ");
        assertFilesEqual(extractChecked(home.resolve("backups"), killedId), tree);
    }

    @Test
    void resumesAfterTheDestinationDiskWasFull() throws Exception {
        // given: a 3 MB tmpfs as destination, ~6 MB of incompressible files
        Path tree = remoteTree("full", randomFiles(2, 3_000_000));
        mount = Files.createDirectories(tmp.resolve("small-disk"));
        Processes.check(List.of("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString()), null);
        Path home = home(TestEnv.sshYaml(), tree, "", "  retries: 0\n");
        Files.writeString(home.resolve("jobs").resolve(site + ".yaml"),
                Files.readString(home.resolve("jobs").resolve(site + ".yaml"))
                        .replace("  destination: backups\n", "  destination: " + mount + "\n"));
        RunRecords repo = mariadbRepository();
        // when
        Processes.Result first = backup(home, repo);
        List<String> publishedAfterFirst = published(mount);
        Processes.check(List.of("mount", "-o", "remount,size=64m", mount.toString()), null);
        Processes.Result second = backup(home, repo);
        // then
        assertFailedIn(first, "streamFiles", "(?s).*No space left on device.*");
        assertThat(publishedAfterFirst).isEmpty();
        assertResumed(first, second);
        assertThat(repo.stepCounts()).containsEntry("streamFiles", 2).containsEntry("dumpDatabase", 1)
                .containsEntry("validate", 2);
        assertFilesEqual(extractChecked(mount, id(second)), tree);
    }

    @Test
    void rerunsAStepWhoseWorkFileWasCorrupted() throws Exception {
        // given: a run that failed in dumpDatabase after streamFiles completed
        Path tree = remoteTree("corrupt", randomFiles(2, 500_000));
        String db = fixtureDatabase();
        String user = dumpUser(db);
        Database.sql("REVOKE SHOW VIEW ON `" + db + "`.* FROM '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        Path home = home(TestEnv.sshYaml(), tree, databaseYaml(db, user), "  retries: 0\n");
        RunRecords repo = mariadbRepository();
        Processes.Result first = backup(home, repo);
        assertFailedIn(first, "dumpDatabase", "(?s).*SHOW VIEW.*");
        assertThat(published(home.resolve("backups"))).isEmpty();
        Path files = home.resolve("backups").resolve(site).resolve(".work").resolve(id(first)).resolve("files.tar.gz");
        assertThat(files).as("streamFiles' output").isRegularFile();
        // when: a byte of its output flips, then the grant comes back and the run is resumed
        flipByte(files, Files.size(files) / 2);
        Database.sql("GRANT SHOW VIEW ON `" + db + "`.* TO '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        Processes.Result second = backup(home, repo);
        // then
        assertResumed(first, second);
        assertThat(second.stderr()).contains("runs again");
        assertThat(repo.stepCounts()).containsEntry("streamFiles", 2).containsEntry("dumpDatabase", 2);
        Path extracted = extractChecked(home.resolve("backups"), id(second));
        assertFilesEqual(extracted, tree);
        assertDatabaseEqual(extracted, db);
    }

    // ------------------------------------------------------------------ concurrency, fresh=yes, retries

    @Test
    void aSecondRunOfTheSameSiteExits3AndTheFirstCompletes() throws Exception {
        // given: run A streaming ~100 MB
        Path tree = remoteTree("twice", randomFiles(4, 25_000_000));
        Path home = home(TestEnv.sshYaml(), tree, "", "");
        Path work = home.resolve("backups").resolve(site).resolve(".work");
        JarRun a = background(home, null);
        a.awaitWhileRunning("run A streaming files", LONG,
                () -> JarRun.anyWorkFile(work, "files-stored.tar.gz.part", 1));
        // when
        JarRun b = background(home, null);
        Processes.Result second = b.await(LONG);
        Duration bTook = b.elapsed();
        boolean aRanThroughout = a.isAlive();
        Processes.Result first = a.await(LONG);
        // then
        String facts = "B took " + bTook + ", A still running when B ended: " + aRanThroughout + "\nB: " + second
                + "\nA: " + first;
        assertThat(second.exit()).as(facts).isEqualTo(3);
        assertThat(second.summary()).as(facts).contains("status=ALREADY_RUNNING");
        assertThat(bTook).as(facts).isLessThan(Duration.ofSeconds(15));
        assertThat(aRanThroughout).as("run A still running when B ended: " + facts).isTrue();
        assertThat(first.exit()).as(first.toString()).isZero();
        assertFilesEqual(extractChecked(home.resolve("backups"), id(first)), tree);
    }

    @Test
    void twoSitesBackUpAtOnceWithTheDefaultRepository() throws Exception {
        // given: two sites in one home folder
        Path tree1 = remoteTree("one", randomFiles(2, 2_000_000));
        Path tree2 = remoteTree("two", randomFiles(2, 2_000_000));
        String other = site + "b";
        Path home = home(TestEnv.sshYaml(), tree1, "", "");
        Files.writeString(home.resolve("jobs").resolve(other + ".yaml"), siteYaml(TestEnv.sshYaml(), tree2, "", ""));
        // when
        JarRun one = background(home, null);
        JarRun two = JarRun.start(home, Map.of(), List.of("job=backup", "site=" + other));
        background.add(two);
        Processes.Result first = one.await(LONG);
        Processes.Result second = two.await(LONG);
        // then
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(RunRecords.hsqldb(home, site).jobStatuses()).containsExactly("COMPLETED");
        assertThat(RunRecords.hsqldb(home, other).jobStatuses()).containsExactly("COMPLETED");
        assertFilesEqual(extractChecked(home.resolve("backups"), id(first)), tree1);
        assertThat(RemoteSite.onlyArchive(home.resolve("backups"), other)).isRegularFile();
    }

    @Test
    void freshYesAbandonsTheFailedRunAndStartsANewOne() throws Exception {
        // given: a run that failed in dumpDatabase (grant revoked), then the grant is back
        Path tree = remoteTree("fresh", randomFiles(1, 100_000));
        String db = fixtureDatabase();
        String user = dumpUser(db);
        Database.sql("REVOKE SHOW VIEW ON `" + db + "`.* FROM '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        Path home = home(TestEnv.sshYaml(), tree, databaseYaml(db, user), "  retries: 0\n");
        RunRecords repo = mariadbRepository();
        Processes.Result first = backup(home, repo);
        assertFailedIn(first, "dumpDatabase", "(?s).*SHOW VIEW.*");
        assertThat(published(home.resolve("backups"))).isEmpty();
        Database.sql("GRANT SHOW VIEW ON `" + db + "`.* TO '" + user + "'@'localhost', '" + user + "'@'127.0.0.1'");
        // when
        List<String> words = new ArrayList<>(words(repo));
        words.add("fresh=yes");
        Processes.Result fresh = Processes.backupBatch(home, env(), words.toArray(String[]::new));
        // then
        assertThat(fresh.exit()).as(fresh.toString()).isZero();
        assertThat(fresh.stderr()).contains("abandon");
        assertThat(id(fresh)).isNotEqualTo(id(first));
        assertThat(repo.jobStatuses()).containsExactly("ABANDONED", "COMPLETED");
        assertThat(repo.stepCounts()).containsEntry("streamFiles", 2).containsEntry("dumpDatabase", 2);
        assertThat(RemoteSite.onlyArchive(home.resolve("backups"), site).getFileName().toString()).contains(id(fresh));
        Path extracted = extractChecked(home.resolve("backups"), id(fresh));
        assertFilesEqual(extracted, tree);
        assertDatabaseEqual(extracted, db);
    }

    @Test
    void transientResetIsRetriedWithinTheStep() throws Exception {
        // given: the first big transfer is reset; 2 retries, 1 s apart
        Path tree = remoteTree("retry", randomFiles(2, 2_000_000));
        proxy = FaultProxy.toTestSshd().resetOnceAfter(1_000_000);
        Path home = home(proxy.sshYaml(tmp), tree, "", "  retries: 2\n  retry_delay_seconds: 1\n");
        RunRecords repo = mariadbRepository();
        // when
        Processes.Result run = backup(home, repo);
        // then
        assertThat(proxy.resets()).as("connections reset by the proxy, in %s", run).isEqualTo(1);
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stderr().lines().filter(l -> l.contains("attempt")))
                .as(run.stderr()).anyMatch(l -> l.matches("(?i).*(connection|reset).*"));
        assertThat(repo.stepCounts()).containsEntry("streamFiles", 1).containsEntry("validate", 1);
        assertFilesEqual(extractChecked(home.resolve("backups"), id(run)), tree);
    }

    // ------------------------------------------------------------------ runs and their records

    private List<String> words(RunRecords repo) {
        List<String> words = new ArrayList<>(List.of("job=backup", "site=" + site));
        if (repo != null) {
            words.addAll(repo.words());
        }
        return words;
    }

    private Map<String, String> env() {
        return Map.of("BB_IT_DB_PASSWORD", dbPassword, "BB_IT_DB_PASSWORD_SITE", TestEnv.dbPassword());
    }

    private Processes.Result backup(Path home, RunRecords repo) {
        return Processes.backupBatch(home, env(), words(repo).toArray(String[]::new));
    }

    private JarRun background(Path home, RunRecords repo) {
        JarRun run = JarRun.start(home, env(), words(repo));
        background.add(run);
        return run;
    }

    private RunRecords mariadbRepository() {
        RunRecords repo = RunRecords.mariadb("bb_it_repo_" + suffix);
        repositories.add(repo);
        return repo;
    }

    private void stopSshd() {
        sshdStopped = true;
        Processes.check(List.of(TEST_ENV.toString(), "sshd-stop"), null);
    }

    private void startSshd() {
        Processes.check(List.of(TEST_ENV.toString(), "sshd-start"), null);
        sshdStopped = false;
    }

    /** The {@code id=} of a summary line. */
    private static String id(Processes.Result run) {
        return token(run.summary(), "id");
    }

    /** A {@code key=value} or {@code key="quoted value"} token of a summary line, or null. */
    private static String token(String summary, String key) {
        Matcher m = Pattern.compile("(?:^| )" + key + "=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S*))").matcher(summary);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
    }

    private void assertFailedIn(Processes.Result run, String step, String errorPattern) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        String summary = run.summary();
        assertThat(summary).as(run.toString()).startsWith("backup site=" + site + " ").contains(" status=FAILED ");
        assertThat(token(summary, "step")).as(summary).isEqualTo(step);
        assertThat(token(summary, "error")).as(summary).matches(errorPattern);
        assertThat(token(summary, "resume")).as(summary).startsWith("java -jar backup-batch.jar job=backup site=" + site);
        assertThat(id(run)).as(summary).matches("\\d{8}T\\d{6}Z");
    }

    private static void assertResumed(Processes.Result first, Processes.Result second) {
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.summary()).contains(" status=COMPLETED ");
        assertThat(id(second)).as("the re-run restarts the failed backup").isEqualTo(id(first));
    }

    /** What in {@code <destination>/<site>/} looks like a backup: its .tar.gz and .sha256 files (not .work). */
    private List<String> published(Path destination) throws IOException {
        Path folder = destination.resolve(site);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tar.gz") || n.endsWith(".sha256")).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ archives

    /** Checks the published backup with {@code sha256sum -c} and extracts it with GNU tar. */
    private Path extractChecked(Path destination, String id) throws Exception {
        Path folder = destination.resolve(site);
        String base = "backup-" + site + "-" + id;
        assertThat(folder.resolve(base + ".tar.gz")).isRegularFile();
        Processes.check(List.of("sha256sum", "-c", base + ".sha256"), folder);
        return RemoteSite.extract(folder.resolve(base + ".tar.gz"), tmp.resolve("x-" + id));
    }

    private static void assertFilesEqual(Path extracted, Path tree) {
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(extracted.resolve("files"))))
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(tree)));
    }

    /** database.sql loaded into a fresh database gives the rows of the source. */
    private void assertDatabaseEqual(Path extracted, String source) throws Exception {
        String restored = "bb_it_dst_" + suffix;
        databases.add(restored);
        Database.sql("DROP DATABASE IF EXISTS `" + restored + "`; CREATE DATABASE `" + restored
                + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Database.loadAsRoot(restored, extracted.resolve("database.sql"));
        assertThat(Database.rowHashes(restored)).isEqualTo(Database.rowHashes(source)).hasSize(9);
    }

    /** sha256 of a dump without its {@code -- Dump completed on <date>} line. */
    private static String dumpDigest(Path dump) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        boolean completed = false;
        try (BufferedReader reader = Files.newBufferedReader(dump, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("-- Dump completed")) {
                    completed = true;
                    continue;
                }
                digest.update(line.getBytes(StandardCharsets.ISO_8859_1));
                digest.update((byte) '\n');
            }
        }
        assertThat(completed).as(dump + " ends with -- Dump completed").isTrue();
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }

    private static String onlyWorkFolder(Path work) throws IOException {
        try (Stream<Path> ids = Files.list(work)) {
            List<String> names = ids.map(p -> p.getFileName().toString()).toList();
            assertThat(names).as("work folders in " + work).hasSize(1);
            return names.get(0);
        }
    }

    // ------------------------------------------------------------------ sites and databases

    private Path remoteTree(String name, String script) throws Exception {
        Path tree = RemoteSite.create(name, script);
        remoteSites.add(tree);
        return tree;
    }

    /** {@code count} files of {@code bytes} from /dev/urandom (incompressible), plus a few small ones. */
    private static String randomFiles(int count, long bytes) {
        StringBuilder script = new StringBuilder("mkdir -p wp-content/uploads sub/deep\n"
                + "printf '<?php\\n' > index.php\nprintf 'deep' > sub/deep/file.txt\nln -s index.php link\n");
        for (int i = 0; i < count; i++) {
            script.append("head -c ").append(bytes).append(" /dev/urandom > wp-content/uploads/r").append(i)
                    .append(".bin\n");
        }
        return script.append("find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +\n").toString();
    }

    private Path home(String sshYaml, Path tree, String databaseYaml, String backupExtra) throws Exception {
        return RemoteSite.home(tmp.resolve("home"), site, siteYaml(sshYaml, tree, databaseYaml, backupExtra));
    }

    private static String siteYaml(String sshYaml, Path tree, String databaseYaml, String backupExtra) {
        return "site:\n  app_type: custom\n" + sshYaml
                + "files:\n  remote_path: " + tree + "\n"
                + databaseYaml
                + "backup:\n  destination: backups\n" + backupExtra;
    }

    private String databaseYaml(String db, String user) {
        return "database:\n  host: localhost\n  name: " + db + "\n  user: " + user + "\n"
                + "  password: " + (user.equals(TestEnv.dbUser()) ? "${BB_IT_DB_PASSWORD_SITE}" : "${BB_IT_DB_PASSWORD}")
                + "\n";
    }

    /** A fresh database with the WordPress fixture, loaded as the site's DB user (its objects' definer). */
    private String fixtureDatabase() throws Exception {
        String db = "bb_it_src_" + suffix;
        databases.add(db);
        Database.sql("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Database.loadAsSiteUser(db, FIXTURE);
        return db;
    }

    /**
     * A database of ~100 MB of varied text (hex of random hashes, about half compressible), made
     * by INSERT … SELECT doubling: its dump streams for several seconds.
     */
    private String bigDatabase() {
        String db = "bb_it_big_" + suffix;
        databases.add(db);
        StringBuilder sql = new StringBuilder("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4; USE `" + db + "`; "
                + "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a TEXT NOT NULL) ENGINE=InnoDB; ");
        String row = "CONCAT(SHA2(RAND(), 512), SHA2(RAND(), 512), SHA2(RAND(), 512))";
        sql.append("INSERT INTO t (a) VALUES (").append(row).append("); ");
        for (int i = 0; i < 18; i++) {
            sql.append("INSERT INTO t (a) SELECT ").append(row).append(" FROM t; ");
        }
        Database.sql(sql.toString());
        return db;
    }

    /** A DB user with what mysqldump needs on {@code db} (SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES). */
    private String dumpUser(String db) {
        String user = "bb_it_u_" + suffix;
        dbUsers.add(user);
        for (String host : List.of("localhost", "127.0.0.1")) {
            Database.sql("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + dbPassword + "'; "
                    + "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON `" + db + "`.* TO '" + user + "'@'"
                    + host + "'");
        }
        return user;
    }
}
