package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No hang, ever (issue 9): JSch's session thread dies by an {@link OutOfMemoryError} in a chosen
 * step ({@link DyingSessionThread}); the step waiting on it would wait forever. The run must end
 * within seconds, exit 1, with a summary line that names the error and the step, and the same
 * command (in a healthy JVM) resumes it to COMPLETED.
 */
class ThreadErrorIT {

    /** JVM start, the steps before, and the stop. */
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private static Path home;
    private static Path target;
    private static final String TARGET_DB = "bb_dying";

    @BeforeAll
    static void sites() throws Exception {
        home = Files.createTempDirectory("bb-dying");
        RestoreFixtures.addSite(home, "blog", RestoreFixtures.wordpressYaml(Path.of(TestEnv.get("site.path")),
                RestoreFixtures.BLOG_URL, TestEnv.get("db.name")));
        target = RemoteSite.create("dying", "cp -a " + TestEnv.get("site.path") + "/. .");
        Database.sql("DROP DATABASE IF EXISTS " + TARGET_DB + "; CREATE DATABASE " + TARGET_DB);
        Database.loadAsRoot(TARGET_DB, RestoreFixtures.FIXTURE);
        RestoreFixtures.addSite(home, "dying", RestoreFixtures.wordpressYaml(target, RestoreFixtures.STAGING_URL,
                TARGET_DB));
        RestoreFixtures.backup(home, "blog");
    }

    @AfterAll
    static void cleanUp() {
        RemoteSite.delete(target);
        Database.sql("DROP DATABASE IF EXISTS " + TARGET_DB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "streamFiles", "dumpDatabase"})
    void aBackupWhoseSessionThreadDiesEndsFailedAndResumes(String step) {
        endsAndResumes(step, step, "job=backup", "site=blog");
    }

    // no "plan": a new run's plan step takes the plan the command made before the job, over no SSH
    // session of its own (the plan runs once); only a resumed run's plan step connects
    @ParameterizedTest
    @CsvSource({"streamFiles,safetySnapshot", "restoreFiles,restoreFiles",
        "restoreDatabase,restoreDatabase", "checkResult,checkResult"})
    void aRestoreWhoseSessionThreadDiesEndsFailedAndResumes(String dyingIn, String reported) {
        endsAndResumes(dyingIn, reported, "job=restore", "site=blog", "backup=latest", "target=dying", "confirm=yes");
    }

    private static void endsAndResumes(String dyingIn, String reported, String... words) {
        // given JSch's session thread dies in the step
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                DyingSessionThread.class.getName(), dyingIn));
        command.addAll(List.of(words));
        long start = System.nanoTime();
        // when the run goes on
        Processes.Result died = Processes.run(command, home, RestoreFixtures.env(), null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // then it ends, FAILED, naming the error and the step, with the command that resumes it
        assertThat(took).as("the run with a dead session thread in " + dyingIn).isLessThan(LIMIT);
        assertThat(died.exit()).as(died.toString()).isEqualTo(1);
        String summary = died.summary();
        assertThat(summary).as(died.stderr()).contains("status=FAILED")
                .contains("OutOfMemoryError in thread Connect thread").contains(DyingSessionThread.MESSAGE)
                .contains("resume=\"java -jar backup-batch.jar " + String.join(" ", words) + "\"");
        List<String> transfer = List.of("streamFiles", "dumpDatabase");
        assertThat(RestoreFixtures.token(summary, "step"))
                .isIn(transfer.contains(reported) ? transfer : List.of(reported));
        // and the same command resumes it to the end
        Processes.Result resumed = Processes.backupBatch(home, RestoreFixtures.env(), words);
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.stderr()).contains("resuming");
    }
}
