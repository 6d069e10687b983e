package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a scheduler's stop does to a run (issue 9): SIGTERM or SIGINT in each step of a backup
 * and of a restore ends the run within seconds with exit 1 and a {@code status=STOPPED
 * step=<that step>} summary, leaves nothing of ours running on the host, and the same command
 * resumes the run to COMPLETED with the same id. Quick steps are caught by slowing the host
 * down (a proxy that holds each chunk from the server), local ones by freezing the JVM with
 * SIGSTOP the moment its log says the step began. One backup and one restore, each stopped once
 * in every step and resumed, run by run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalsIT {

    private static final String SITE = "signals";
    private static final String DB = "bb_signals";
    /** How long a stop may take (Interrupts.GRACE), plus the JVM's own exit. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(12);
    private static final List<String> BACKUP = List.of("job=backup", "site=" + SITE);
    private static final List<String> RESTORE = List.of("job=restore", "site=" + SITE, "backup=latest", "confirm=yes");

    private static Path folder;
    private static Path home;
    private static FaultProxy proxy;
    private static String backupId;

    @BeforeAll
    static void site() throws Exception {
        // 300 MB that does not compress: the stream, the assembly and the checks last seconds
        folder = RemoteSite.create("signals", "cp -a " + TestEnv.get("site.path") + "/. . && "
                + "head -c 300M /dev/urandom > wp-content/uploads/big.bin");
        Database.sql("DROP DATABASE IF EXISTS " + DB + "; CREATE DATABASE " + DB);
        Database.loadAsRoot(DB, RestoreFixtures.FIXTURE);
        Database.sql("USE " + DB + "; CREATE TABLE bulk (id INT PRIMARY KEY, payload LONGBLOB);"
                + " INSERT INTO bulk SELECT seq, RANDOM_BYTES(1024) FROM seq_1_to_20000");
        proxy = FaultProxy.toTestSshd();
        home = Files.createTempDirectory("bb-signals");
        RemoteSite.home(home, SITE, "site:\n  app_type: wordpress\n  url: " + RestoreFixtures.BLOG_URL + "\n"
                + proxy.sshYaml(home) + "files:\n  remote_path: " + folder + "\n"
                + "database:\n  name: " + DB + "\n  user: " + TestEnv.dbUser() + "\n  password: ${BB_IT_DB_PASSWORD}\n"
                + "backup:\n  destination: backups\n");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        RemoteSite.delete(folder);
        Database.sql("DROP DATABASE IF EXISTS " + DB);
    }

    @Test
    @Order(1)
    void backupStoppedInEachStepResumesToCompletedWithTheSameId() throws Exception {
        // given a slow host, the backup is stopped while it validates
        proxy.delayEach(300);
        backupId = stopDuring(BACKUP, "validate", "TERM", Catch.ON_LOG);
        proxy.delayEach(0);
        // when each re-run is stopped in the next step
        assertThat(stopDuring(BACKUP, "streamFiles", "TERM", Catch.AFTER_LOG)).isEqualTo(backupId);
        assertThat(stopDuring(BACKUP, "assembleArchive", "TERM", Catch.FREEZE)).isEqualTo(backupId);
        assertThat(stopDuring(BACKUP, "verifyChecksum", "INT", Catch.FREEZE)).isEqualTo(backupId);
        // then the same command completes the same backup, which verifies
        Processes.Result done = Processes.backupBatch(home, RestoreFixtures.env(), BACKUP.toArray(String[]::new));
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.summary()).contains("status=COMPLETED").contains("id=" + backupId);
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), SITE);
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
    }

    @Test
    @Order(2)
    void restoreStoppedInEachStepResumesToCompleted() throws Exception {
        assertThat(backupId).as("the backup of the first test").isNotNull();
        // given the site changed since its backup: the restore overwrites that, the snapshot keeps it
        Path index = folder.resolve("index.php");
        String backedUp = Files.readString(index);
        Processes.check(List.of("sh", "-c", "printf 'changed after the backup' > " + index), null);
        Database.sql("UPDATE " + DB + ".bulk SET payload = 'changed' WHERE id = 1");
        stopDuring(RESTORE, "verifyArchive", "TERM", Catch.FREEZE);
        proxy.delayEach(300);
        stopDuring(RESTORE, "plan", "TERM", Catch.ON_LOG);
        proxy.delayEach(0);
        stopDuring(RESTORE, "safetySnapshot", "TERM", Catch.AFTER_LOG);
        stopDuring(RESTORE, "restoreFiles", "INT", Catch.AFTER_LOG);
        stopDuring(RESTORE, "restoreDatabase", "TERM", Catch.SLOW_AFTER_LOG);
        stopDuring(RESTORE, "checkResult", "TERM", Catch.SLOW_AFTER_LOG);
        Processes.Result done = Processes.backupBatch(home, RestoreFixtures.env(), RESTORE.toArray(String[]::new));
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.summary()).contains("status=COMPLETED").contains("backup=" + backupId);
        assertThat(Database.sql("SELECT COUNT(*) FROM " + DB + ".bulk").strip()).isEqualTo("20000");
        assertThat(Files.readString(index)).isEqualTo(backedUp);
        // then the README's undo, from the snapshot the stopped restore took, gives the change back
        String snapshot = RestoreFixtures.token(done.summary(), "snapshot");
        Processes.Result undo = Processes.backupBatch(home, RestoreFixtures.env(), "job=restore", "site=" + SITE,
                "backup=" + snapshot, "mode=mirror", "confirm=yes");
        assertThat(undo.exit()).as(undo.toString()).isZero();
        assertThat(Files.readString(index)).isEqualTo("changed after the backup");
        assertThat(Database.sql("SELECT payload FROM " + DB + ".bulk WHERE id = 1").strip()).isEqualTo("changed");
    }

    @Test
    @Order(3)
    void aSecondSignalEndsAtOnceAndTheNextRunRecovers() throws Exception {
        // given a backup in the middle of its stream
        List<String> words = List.of("job=backup", "site=" + SITE);
        try (JarRun run = JarRun.start(home, RestoreFixtures.env(), words)) {
            awaitStep(run, "streamFiles");
            Thread.sleep(300);
            // when SIGTERM comes twice
            signal(run, "TERM");
            Thread.sleep(50);
            signal(run, "TERM");
            Processes.Result stopped = run.await(STOP_LIMIT);
            // then it ends at once, exit 1, with a summary line that says so
            assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(1);
            assertThat(stopped.summary()).contains("status=STOPPED").contains("second SIGTERM")
                    .contains("resume=\"java -jar backup-batch.jar job=backup site=" + SITE + "\"");
        }
        awaitNothingLeftOnTheHost();
        Processes.Result next = Processes.backupBatch(home, RestoreFixtures.env(), words.toArray(String[]::new));
        assertThat(next.exit()).as(next.toString()).isZero();
        // resumed: recovered first when the second signal cut the stop short, else as a STOPPED run
        assertThat(next.stderr()).contains("resuming backup");
    }

    /** How the test makes sure the signal lands in the step it means. */
    private enum Catch {
        /** as soon as the log says the step began (a slow host makes it last) */
        ON_LOG,
        /** the step streams for seconds: a moment after it began */
        AFTER_LOG,
        /** slow the host down once the step began (it has little to send) */
        SLOW_AFTER_LOG,
        /** a local step: freeze the JVM (SIGSTOP) as soon as it began, signal, thaw */
        FREEZE
    }

    /**
     * Runs {@code words}, sends SIG{@code signal} during {@code step}, and checks the ending: exit 1
     * within the limit, {@code status=STOPPED step=<step>}, the command that resumes it, nothing
     * left on the host. Returns the run's id.
     */
    private static String stopDuring(List<String> words, String step, String signal, Catch when) throws Exception {
        Processes.Result stopped;
        try (JarRun run = JarRun.start(home, RestoreFixtures.env(), words)) {
            awaitStep(run, step);
            switch (when) {
                case AFTER_LOG -> Thread.sleep(1000);
                case SLOW_AFTER_LOG -> {
                    proxy.delayEach(300);
                    Thread.sleep(300);
                }
                case FREEZE -> signal(run, "STOP");
                case ON_LOG -> { }
            }
            long sent = System.nanoTime();
            signal(run, signal);
            if (when == Catch.FREEZE) {
                signal(run, "CONT");
            }
            stopped = run.await(Duration.ofSeconds(60));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            proxy.delayEach(0);
            assertThat(took).as("SIG" + signal + " in " + step + " to exit").isLessThan(STOP_LIMIT);
        }
        assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(1);
        String summary = stopped.summary();
        assertThat(summary).as(stopped.stderr()).contains("status=STOPPED")
                .contains("step=" + (step.equals("streamFiles") ? "" : step))
                .contains("error=\"stopped by SIG" + signal)
                .contains("resume=\"java -jar backup-batch.jar " + String.join(" ", words) + "\"");
        if (step.equals("streamFiles")) { // the files and the dump travel side by side
            assertThat(RestoreFixtures.token(summary, "step")).isIn("streamFiles", "dumpDatabase");
        }
        awaitNothingLeftOnTheHost();
        return RestoreFixtures.token(summary, "id");
    }

    /** Until the run's log says the step began (a restore's snapshot: when it streams files). */
    private static void awaitStep(JarRun run, String step) throws InterruptedException {
        run.awaitWhileRunning("step " + step, Duration.ofSeconds(120),
                () -> run.stderrSoFar().contains("step " + (step.equals("safetySnapshot") ? "streamFiles" : step)
                        + " of the "));
    }

    private static void signal(JarRun run, String signal) {
        Processes.check(List.of("kill", "-s", signal, Long.toString(run.pid())), null);
    }

    /** No command of ours on the host: none that names the site's folder or database. */
    private static void awaitNothingLeftOnTheHost() throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = Processes.run(List.of("ps", "-u", TestEnv.sshUser(), "-ww", "-o", "args="), null, Map.of(), null)
                    .stdout().lines().filter(l -> l.contains(folder.toString()) || l.contains(DB)).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("still running on the host 5 s after the run ended: " + left);
    }
}
