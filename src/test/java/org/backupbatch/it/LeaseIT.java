package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a shared job repository (a JDBC URL; here the test MariaDB), a site's run is kept to one
 * process across machines by a lease in that database, not by a file lock. A second JVM, of
 * another host name ({@code BACKUP_BATCH_HOST}), holds the lease of a run it is doing (slowly,
 * behind a {@link FaultProxy} that delays each chunk): its heartbeat advances (a 6 s lease,
 * renewed every 2 s), and a run of the site from this host exits 3 naming the owner, leaving the
 * STARTED run alone. Once that JVM is SIGKILLed and its lease has expired, the run is dead:
 * recovered and resumed.
 */
class LeaseIT {

    private final String suffix = Long.toString(System.nanoTime());
    private final String schema = "bbfd_lease_" + suffix;
    private final RunRecords repository = RunRecords.mariadb(schema);
    private final String lease = "`" + schema + "`.BB_SITE_LEASE";
    private final List<Path> remote = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        repository.drop();
        remote.forEach(RemoteSite::delete);
    }

    @Test
    void aLiveJvmOfAnotherHostKeepsItsRunAndRenewsItsLeaseAndOnceExpiredTheRunIsRecovered() throws Exception {
        Processes.Result resumed;
        // given: a run of the site on host-a, in streamFiles behind a slow link (each 16 KB from the
        // server held 300 ms)
        try (FaultProxy slow = FaultProxy.toTestSshd().delayEach(300)) {
            Path root = RemoteSite.create("fd-lease", "head -c 3000000 /dev/urandom > data.bin");
            remote.add(root);
            RemoteSite.home(home, "leased", "site:\n  app_type: custom\n" + slow.sshYaml(home) + "files:\n  "
                    + "remote_path: " + root + "\nbackup:\n  destination: backups\n");
            try (JarRun hostA = JarRun.start(home, Map.of("BACKUP_BATCH_HOST", "host-a", "BACKUP_BATCH_LEASE_SECONDS",
                    "6"), words())) {
                hostA.awaitWhileRunning("host-a streaming", Duration.ofSeconds(120),
                        () -> hostA.stderrSoFar().contains("step streamFiles of the backup job started"));
                String heartbeat = sql("SELECT HEARTBEAT FROM " + lease + " WHERE SITE = 'leased'");

                // when
                Processes.Result refused = run();
                // then: not recovered; the live holder's heartbeat has moved on meanwhile
                assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
                assertThat(refused.summary()).contains("status=ALREADY_RUNNING").contains(" host=host-a ");
                assertThat(repository.jobStatuses()).containsExactly("STARTED");
                awaitTrue("the heartbeat renewed", () -> sql("SELECT HEARTBEAT FROM " + lease
                        + " WHERE SITE = 'leased'").compareTo(heartbeat) > 0);
                assertThat(sql("SELECT OWNER_HOST FROM " + lease)).isEqualTo("host-a");
                assertThat(hostA.isAlive()).as("host-a still streaming").isTrue();

                // given: host-a dies (SIGKILL), and its lease expires
                hostA.kill();
            }
            slow.delayEach(0);
            awaitTrue("the lease expired", () -> sql("SELECT COUNT(*) FROM " + lease + " WHERE EXPIRES > NOW()")
                    .equals("0"));
            // when
            resumed = run();
        }
        // then
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.stderr()).contains("the lease of site leased expired (pid=").contains("host=host-a")
                .contains("recovering it");
        assertThat(repository.jobStatuses()).containsExactly("FAILED", "COMPLETED");
        assertThat(repository.stepCounts()).containsEntry("streamFiles", 2);
        assertThat(sql("SELECT COUNT(*) FROM " + lease)).isEqualTo("0");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "leased");
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
    }

    private static String sql(String query) {
        return Database.sql(query).strip();
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 60 s");
            }
            Thread.sleep(250);
        }
    }

    private List<String> words() {
        List<String> words = new ArrayList<>(List.of("job=backup", "site=leased"));
        words.addAll(repository.words());
        return words;
    }

    private Processes.Result run() {
        return Processes.backupBatch(home, Map.of("BACKUP_BATCH_HOST", "host-b"), words().toArray(String[]::new));
    }
}
