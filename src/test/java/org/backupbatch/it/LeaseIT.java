package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a shared job repository (a JDBC URL; here the test MariaDB), a site's run is kept to one
 * process across machines by a lease in that database, not by a file lock: a run left STARTED
 * whose lease is live (held by a process on another host) is not recovered, the command exits 3
 * naming the owner; once that lease has expired, the run is dead, recovered and resumed.
 */
class LeaseIT {

    private final String suffix = Long.toString(System.nanoTime());
    private final RunRecords repository = RunRecords.mariadb("bb_wtfleet_lease_" + suffix);
    private final List<Path> remote = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() {
        repository.drop();
        remote.forEach(RemoteSite::delete);
    }

    @Test
    void aLiveLeaseOfAnotherHostKeepsItsStartedRunAndAnExpiredOneIsRecovered() throws Exception {
        // given: a completed backup, rewritten as a process killed (or still running) in verifyChecksum
        Path root = RemoteSite.create("wt-fleet-lease", "head -c 300000 /dev/urandom > data.bin");
        remote.add(root);
        RemoteSite.home(home, "leased", "site:\n  app_type: custom\n" + TestEnv.sshYaml() + "files:\n  remote_path: "
                + root + "\nbackup:\n  destination: backups\n");
        Map<String, String> here = Map.of("BACKUP_BATCH_HOST", "host-b");
        Processes.Result first = run(here);
        assertThat(first.exit()).as(first.toString()).isZero();
        repository.killedDuring("verifyChecksum");
        // and a live lease of a process on host-a
        String lease = "`bb_wtfleet_lease_" + suffix + "`.BB_SITE_LEASE";
        Database.sql("INSERT INTO " + lease + " (SITE, OWNER_HOST, OWNER_PID, TOKEN, HEARTBEAT, EXPIRES) VALUES "
                + "('leased', 'host-a', 4242, 'their-token', NOW(), NOW() + INTERVAL 1 HOUR)");

        // when
        Processes.Result refused = run(here);
        // then: not recovered
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.summary()).contains("status=ALREADY_RUNNING").contains("pid=4242 host=host-a");
        assertThat(repository.jobStatuses()).containsExactly("STARTED");

        // given: host-a stopped renewing it, and the lease expired
        Database.sql("UPDATE " + lease + " SET EXPIRES = NOW() - INTERVAL 1 MINUTE");
        // when
        Processes.Result resumed = run(here);
        // then
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.stderr()).contains("the lease of site leased expired (pid=4242 host=host-a")
                .contains("recovering it");
        assertThat(repository.jobStatuses()).containsExactly("FAILED", "COMPLETED");
        assertThat(repository.stepCounts()).containsEntry("streamFiles", 1).containsEntry("verifyChecksum", 2);
        assertThat(Database.sql("SELECT COUNT(*) FROM " + lease).strip()).isEqualTo("0");
    }

    private Processes.Result run(Map<String, String> env) {
        List<String> words = new ArrayList<>(List.of("job=backup", "site=leased"));
        words.addAll(repository.words());
        return Processes.backupBatch(home, env, words.toArray(String[]::new));
    }
}
