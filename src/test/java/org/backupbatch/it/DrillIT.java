package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=drill} against the real sshd, tar and MariaDB: the test site (its files and
 * bb_wordpress, only read) is backed up, then drilled into a scratch folder and a scratch database
 * on the local server; the drill is recorded in the sidecar manifest, and leaves nothing behind,
 * whether it completes, fails or is killed and taken up again.
 */
class DrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SITE = Path.of(TestEnv.get("site.path"));

    @TempDir
    Path tmp;
    /** Unique, so that the scratch databases this test looks for are its own. */
    private final String site = "drillit" + System.nanoTime() % 100_000_000;

    @AfterEach
    void dropWhatAFailedTestLeft() {
        for (String name : scratchDatabases()) {
            RestoreFixtures.dropDatabases(name);
        }
    }

    @Test
    void drillRestoresTheBackupIntoAScratchPlaceChecksItRecordsOkAndLeavesNothing() throws Exception {
        // given
        Path home = home();
        String id = RestoreFixtures.backup(home, site);
        SortedMap<String, String> filesBefore = TreeSnapshot.of(SITE);
        Map<String, String> rowsBefore = Database.rowHashes("bb_wordpress");
        // when
        Processes.Result run = drill(home);
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).startsWith("drill site=" + site + " backup=" + id + " status=COMPLETED ")
                .matches(".* files=\\d+ tables=9 duration=\\d+s result=ok$");
        assertThat(token(run.summary(), "files")).isNotEqualTo("0");
        JsonNode drilled = drilled(home, id);
        assertThat(drilled.path("result").asText()).isEqualTo("ok");
        assertThat(Instant.parse(drilled.path("at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(drilled.has("error")).isFalse();
        assertNothingLeft(home);
        assertThat(TreeSnapshot.of(SITE)).as("the site's own files").isEqualTo(filesBefore);
        assertThat(Database.rowHashes("bb_wordpress")).as("the site's own database").isEqualTo(rowsBefore);

        // when: drilled again, its sidecar now holding the first drill (which verification must ignore)
        Processes.Result again = drill(home);
        // then
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(token(again.summary(), "result")).isEqualTo("ok");
        assertThat(Instant.parse(drilled(home, id).path("at").asText()))
                .isAfterOrEqualTo(Instant.parse(drilled.path("at").asText()));
        assertNothingLeft(home);
    }

    @Test
    void aTamperedArchiveFailsInVerifyRecordsFailedAndLeavesNothing() throws Exception {
        // given: one byte of the archive changed
        Path home = home();
        String id = RestoreFixtures.backup(home, site);
        Path archive = RestoreFixtures.archive(home, site, id);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x55);
        }
        // when
        Processes.Result run = drill(home);
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("FAILED");
        assertThat(token(run.summary(), "step")).as(run.summary()).isEqualTo("verifyArchive");
        assertThat(token(run.summary(), "result")).as(run.summary()).isEqualTo("failed");
        assertThat(token(run.summary(), "resume")).as(run.summary()).endsWith("job=drill site=" + site);
        JsonNode drilled = drilled(home, id);
        assertThat(drilled.path("result").asText()).isEqualTo("failed");
        assertThat(drilled.path("error").asText()).as("the recorded error").contains("sha256")
                .isEqualTo(token(run.summary(), "error"));
        assertNothingLeft(home);
    }

    @Test
    void aDrillKilledAfterItsFilesStepIsTakenUpByTheSameWordsAndLeavesNothing() throws Exception {
        // given: a drill killed (SIGKILL) once its files are restored, while it loads the database
        Path home = home();
        String id = RestoreFixtures.backup(home, site);
        killAfterFiles(home);
        assertThat(drillPlaces(home)).as("what the killed drill left").hasSize(1);
        assertThat(scratchDatabases()).as("the killed drill's database").hasSize(1);
        // when
        Processes.Result run = drill(home);
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("recovering it", "resuming drill of backup " + id);
        assertThat(token(run.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(token(run.summary(), "result")).isEqualTo("ok");
        assertThat(drilled(home, id).path("result").asText()).isEqualTo("ok");
        assertNothingLeft(home);
    }

    @Test
    void freshYesAbandonsAKilledDrillRemovesItsPlaceAndDrillsAgain() throws Exception {
        // given
        Path home = home();
        RestoreFixtures.backup(home, site);
        killAfterFiles(home);
        Path left = drillPlaces(home).get(0);
        // when
        Processes.Result run = drill(home, "fresh=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("fresh=yes: removed the scratch place of the abandoned drill ("
                + left.getFileName() + ")");
        assertThat(token(run.summary(), "result")).isEqualTo("ok");
        assertNothingLeft(home);
    }

    private Path home() throws Exception {
        return RestoreFixtures.addSite(tmp.resolve("home"), site, RestoreFixtures.wpConfigOnlyYaml(SITE,
                RestoreFixtures.BLOG_URL));
    }

    private Processes.Result drill(Path home, String... more) {
        List<String> words = new java.util.ArrayList<>(List.of("job=drill", "site=" + site));
        words.addAll(List.of(more));
        return Processes.backupBatch(home, RestoreFixtures.env(), words.toArray(String[]::new));
    }

    /** Starts a drill and kills it once wp-config.php is installed in the scratch folder (the files step's end). */
    private void killAfterFiles(Path home) throws Exception {
        try (JarRun run = JarRun.start(home, RestoreFixtures.env(), List.of("job=drill", "site=" + site))) {
            run.awaitWhileRunning("restored files", Duration.ofSeconds(120),
                    () -> drillPlaces(home).stream().anyMatch(p -> Files.exists(p.resolve("files/wp-config.php"))));
            run.kill();
        }
    }

    private void assertNothingLeft(Path home) throws Exception {
        assertThat(drillPlaces(home)).as("drill folders left in " + home.resolve("backups")).isEmpty();
        assertThat(scratchDatabases()).as("scratch databases left").isEmpty();
        Path pins = home.resolve("backups").resolve(site).resolve(".pins");
        if (Files.isDirectory(pins)) {
            try (Stream<Path> files = Files.list(pins)) {
                assertThat(files.toList()).as("pin files left").isEmpty();
            }
        }
    }

    private List<Path> drillPlaces(Path home) {
        Path backups = home.resolve("backups");
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(backups)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".drill-")).toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> scratchDatabases() {
        return Stream.of(Database.sql("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE "
                + "'bb_drill_" + site + "_%'").split("\n")).filter(s -> !s.isBlank()).toList();
    }

    private JsonNode drilled(Path home, String id) throws Exception {
        JsonNode manifest = JSON.readTree(RestoreFixtures.manifest(home, site, id).toFile());
        assertThat(manifest.has("drilled")).as("drilled in " + manifest).isTrue();
        return manifest.get("drilled");
    }
}
