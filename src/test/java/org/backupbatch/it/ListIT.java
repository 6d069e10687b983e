package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.backupbatch.archive.Manifest;
import org.backupbatch.remote.Sizes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=list} through the real jar, after and during real backups of a site on the test sshd
 * and MariaDB: the values it shows are the files' own, and it runs while a backup holds the site's
 * lock and its HSQLDB repository, without disturbing either.
 */
class ListIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofMinutes(3);

    @TempDir
    Path tmp;
    private final String database = "bb_wtlist_" + System.nanoTime() % 100_000_000;
    private Path site;
    private Path home;

    @BeforeEach
    void site() throws Exception {
        Database.sql("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4; CREATE TABLE `" + database
                + "`.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO `" + database + "`.t VALUES (1, 'a'), (2, 'b')");
        site = RemoteSite.create("wt-list", "printf x > index.php && mkdir -p wp-content && printf yy > wp-content/a.txt");
        home = RemoteSite.home(tmp.resolve("home"), "shop", "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + site + "\n"
                + "database:\n  host: localhost\n  name: " + database + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n"
                + "backup:\n  destination: backups\n");
    }

    @AfterEach
    void cleanUp() {
        Database.sql("DROP DATABASE IF EXISTS `" + database + "`");
        RemoteSite.delete(site);
    }

    @Test
    void listShowsAFailedRunWithItsResumeCommandThenTheBackupThatResumedItAsItsFilesSay() throws Exception {
        // given: a run that fails (wrong database password), then the same command that resumes it
        Processes.Result failed = Processes.backupBatch(home, Map.of("BB_IT_DB_PASSWORD", "wrong"), "job=backup", "site=shop");
        assertThat(failed.exit()).as(failed.toString()).isNotZero();
        // when
        Processes.Result afterFailure = Processes.backupBatch(home, Map.of(), "job=list", "site=shop", "format=json");
        // then
        assertThat(afterFailure.exit()).as(afterFailure.toString()).isZero();
        JsonNode failedRun = document(afterFailure).path("sites").get(0).path("runs").get(0);
        assertThat(failedRun.path("state").asText()).isEqualTo("failed");
        assertThat(failedRun.path("failed_step").asText()).isNotEmpty();
        assertThat(failedRun.path("error").asText()).isNotEmpty().doesNotContain("\n").doesNotContain("wrong");
        assertThat(failedRun.path("resume").asText()).isEqualTo("java -jar backup-batch.jar job=backup site=shop");
        // when
        Processes.Result resumed = Processes.backupBatch(home, Map.of("BB_IT_DB_PASSWORD", TestEnv.dbPassword()),
                "job=backup", "site=shop");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        Processes.Result json = Processes.backupBatch(home, Map.of(), "job=list", "site=shop", "format=json");
        Processes.Result table = Processes.backupBatch(home, Map.of(), "job=list", "site=shop");
        // then: the backup as its files say
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "shop");
        Path sidecar = Path.of(archive.toString().replace(".tar.gz", ".manifest.json"));
        Path sha256 = Path.of(archive.toString().replace(".tar.gz", ".sha256"));
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(sidecar));
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.summary()).isEqualTo("list site=shop status=COMPLETED backups=1 incomplete=0 runs=2");
        JsonNode doc = document(json);
        assertThat(doc.path("format_version").asInt()).isEqualTo(1);
        JsonNode backup = doc.path("sites").get(0).path("backups").get(0);
        assertThat(doc.path("sites").get(0).path("backups")).hasSize(1);
        assertThat(backup.path("id").asText()).isEqualTo(manifest.id());
        assertThat(backup.path("state").asText()).isEqualTo("complete");
        assertThat(backup.path("archive").asText()).isEqualTo(archive.getFileName().toString());
        assertThat(backup.path("bytes").asLong()).isEqualTo(Files.size(archive));
        assertThat(backup.path("files").asLong()).isEqualTo(manifest.files().regularFiles()).isEqualTo(2);
        assertThat(backup.path("tables").asInt()).isEqualTo(manifest.database().tables()).isEqualTo(1);
        assertThat(backup.path("parts").toString()).isEqualTo("[\"files\",\"db\"]");
        assertThat(backup.path("encrypted").asBoolean()).isFalse();
        assertThat(backup.path("kind").asText()).isEqualTo("backup");
        assertThat(backup.path("verified").path("source").asText()).isEqualTo("sha256-file");
        assertThat(Instant.parse(backup.path("verified").path("at").asText()))
                .isEqualTo(Files.getLastModifiedTime(sha256).toInstant());
        assertThat(backup.path("drilled").isNull()).isTrue();
        // the runs: the resumed one completed, the same backup id, no resume command left
        JsonNode runs = doc.path("sites").get(0).path("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("state").asText()).isEqualTo("completed");
        assertThat(runs.get(0).path("backup").asText()).isEqualTo(manifest.id());
        assertThat(runs.get(1).path("backup").asText()).isEqualTo(manifest.id());
        assertThat(runs.get(0).path("resume").isNull()).isTrue();
        assertThat(runs.get(1).path("resume").isNull()).as("superseded by the run that resumed it").isTrue();
        List<String> steps = new ArrayList<>();
        runs.get(0).path("steps").forEach(s -> steps.add(s.path("name").asText()));
        assertThat(steps).contains("streamFiles", "dumpDatabase", "assembleArchive", "verifyChecksum", "pruneRetention");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.stdout()).containsPattern("(?m)^  " + manifest.id() + " .* " + Sizes.human(Files.size(archive))
                + " +files,db +2 +1 +no +backup .*sha256-file .* complete$");
        assertThat(table.summary()).isEqualTo(json.summary());
    }

    @Test
    void listRunsWhileABackupHoldsTheSiteLockAndItsRepositoryAndDisturbsNeither() throws Exception {
        // given: a backup whose dump waits behind a table lock taken by another session
        Process locker = new ProcessBuilder("mariadb", "-uroot", "-e", "LOCK TABLES `" + database
                + "`.t WRITE; SELECT SLEEP(600) AS wt_list_locker").start();
        try (JarRun backup = JarRun.start(home, Map.of("BB_IT_DB_PASSWORD", TestEnv.dbPassword()),
                List.of("job=backup", "site=shop"))) {
            backup.awaitWhileRunning("the dump waiting for the table lock", LONG, () -> !Database.sql(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + database
                            + "' AND STATE LIKE 'Waiting for table%'").isBlank());
            Path lock = home.resolve(".backup-batch/locks/shop.lock");
            String lockOwner = Files.readString(lock);
            Map<String, String> repositoryBefore = files(home.resolve(".backup-batch"));
            // when
            Processes.Result table = Processes.backupBatch(home, Map.of(), "job=list", "site=shop");
            Processes.Result json = Processes.backupBatch(home, Map.of(), "job=list", "format=json");
            // then: listed while running, nothing of the run's touched
            assertThat(table.exit()).as(table.toString()).isZero();
            assertThat(table.summary()).isEqualTo("list site=shop status=COMPLETED backups=0 incomplete=1 runs=1");
            assertThat(table.stdout()).containsPattern("(?m)^  0 +backup +running ")
                    .contains("unfinished work folder .work/");
            JsonNode run = document(json).path("sites").get(0).path("runs").get(0);
            assertThat(run.path("status").asText()).isEqualTo("STARTED");
            assertThat(run.path("state").asText()).isEqualTo("running");
            assertThat(run.path("resume").isNull()).isTrue();
            assertThat(Files.readString(lock)).isEqualTo(lockOwner);
            assertThat(files(home.resolve(".backup-batch")).keySet()).isEqualTo(repositoryBefore.keySet());
            assertThat(backup.isAlive()).isTrue();
            // when: the table lock goes, the backup goes on to its end
            Database.sql("KILL " + Database.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE "
                    + "'%AS wt_list_locker%' AND INFO NOT LIKE '%PROCESSLIST%'").strip());
            Processes.Result done = backup.await(LONG);
            // then
            assertThat(done.exit()).as(done.toString()).isZero();
            Processes.Result after = Processes.backupBatch(home, Map.of(), "job=list", "site=shop");
            assertThat(after.summary()).isEqualTo("list site=shop status=COMPLETED backups=1 incomplete=0 runs=1");
            assertThat(after.stdout()).containsPattern("(?m)^  0 +backup +completed ");
        } finally {
            locker.destroyForcibly();
        }
    }

    @Test
    void listShowsTheSitesDrillsAmongItsRunsAFailedOneWithItsStepErrorAndResumeCommandThenTheDrillThatResumedIt()
            throws Exception {
        // given: a backup of the test site (only read), one byte of its archive changed, a drill that fails
        String drilled = "wtlistdrill" + System.nanoTime() % 100_000_000;
        Path drillHome = RestoreFixtures.addSite(tmp.resolve("drill-home"), drilled, RestoreFixtures.wpConfigOnlyYaml(
                Path.of(TestEnv.get("site.path")), RestoreFixtures.BLOG_URL));
        String id = RestoreFixtures.backup(drillHome, drilled);
        Path archive = RestoreFixtures.archive(drillHome, drilled, id);
        try {
            flipMiddleByte(archive);
            Processes.Result failedDrill = Processes.backupBatch(drillHome, RestoreFixtures.env(), "job=drill",
                    "site=" + drilled);
            assertThat(failedDrill.exit()).as(failedDrill.toString()).isEqualTo(1);
            // when
            Processes.Result json = Processes.backupBatch(drillHome, Map.of(), "job=list", "site=" + drilled,
                    "format=json");
            Processes.Result table = Processes.backupBatch(drillHome, Map.of(), "job=list", "site=" + drilled);
            // then: the drill, newest, from the site's drill repository; then the backup
            assertThat(json.summary()).as(json.toString())
                    .isEqualTo("list site=" + drilled + " status=COMPLETED backups=1 incomplete=0 runs=2");
            JsonNode site = document(json).path("sites").get(0);
            JsonNode drill = site.path("runs").get(0);
            assertThat(drill.path("job").asText()).isEqualTo("drill");
            assertThat(drill.path("state").asText()).isEqualTo("failed");
            assertThat(drill.path("backup").asText()).isEqualTo(id);
            assertThat(drill.path("target").isNull()).as("a drill's scratch name is no target").isTrue();
            assertThat(drill.path("failed_step").asText()).isEqualTo("verifyArchive");
            assertThat(drill.path("error").asText()).contains("sha256").doesNotContain("\n");
            assertThat(drill.path("resume").asText()).isEqualTo("java -jar backup-batch.jar job=drill site=" + drilled);
            JsonNode backup = site.path("runs").get(1);
            assertThat(backup.path("job").asText()).isEqualTo("backup");
            assertThat(backup.path("state").asText()).isEqualTo("completed");
            assertThat(Instant.parse(backup.path("start").asText())).isBefore(Instant.parse(drill.path("start").asText()));
            assertThat(site.path("backups").get(0).path("drilled").path("result").asText()).isEqualTo("failed");
            assertThat(table.stdout()).containsPattern("(?m)^  0 +drill +failed .* " + id + " +verifyArchive +.*sha256")
                    .containsPattern("(?m)^  0 +backup +completed ")
                    .contains("\n  drill run 0 resume: java -jar backup-batch.jar job=drill site=" + drilled + "\n");

            // when: the archive mended, the same words resume the drill, which completes
            flipMiddleByte(archive);
            Processes.Result resumed = Processes.backupBatch(drillHome, RestoreFixtures.env(), "job=drill",
                    "site=" + drilled);
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            Processes.Result after = Processes.backupBatch(drillHome, Map.of(), "job=list", "site=" + drilled,
                    "format=json");
            // then
            assertThat(after.summary()).endsWith(" runs=3");
            JsonNode runs = document(after).path("sites").get(0).path("runs");
            assertThat(runs.get(0).path("job").asText()).isEqualTo("drill");
            assertThat(runs.get(0).path("state").asText()).isEqualTo("completed");
            assertThat(runs.get(0).path("resume").isNull()).isTrue();
            assertThat(runs.get(1).path("state").asText()).isEqualTo("failed");
            assertThat(runs.get(1).path("resume").isNull()).as("superseded by the drill that resumed it").isTrue();
            assertThat(runs.get(2).path("job").asText()).isEqualTo("backup");
            assertThat(document(after).path("sites").get(0).path("backups").get(0).path("drilled").path("result")
                    .asText()).isEqualTo("ok");
        } finally {
            String left = Database.sql("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE "
                    + "'bb_drill_" + drilled + "_%'");
            left.lines().filter(name -> !name.isBlank()).forEach(RestoreFixtures::dropDatabases);
        }
    }

    private static void flipMiddleByte(Path file) throws Exception {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            long middle = raf.length() / 2;
            raf.seek(middle);
            int b = raf.read();
            raf.seek(middle);
            raf.write(b ^ 0x55);
        }
    }

    /** Each file under a folder with its size: what a reader must not change. */
    private static Map<String, String> files(Path folder) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(), Long.toString(Files.size(p)));
            }
        }
        return files;
    }

    private static JsonNode document(Processes.Result run) throws Exception {
        String out = run.stdout().strip();
        return JSON.readTree(out.substring(0, out.lastIndexOf('\n')));
    }
}
