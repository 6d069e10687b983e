package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=backup site=all} through the real jar against the real sshd: small sites over three
 * SSH "hosts" (the one test sshd reached as 127.0.0.1, localhost and 127.1, so that per_host= has
 * hosts to count), the caps checked against the times the tool's own repository recorded for
 * each site's backup, every archive checked with sha256sum and GNU tar; a night re-run runs only
 * the sites that did not complete; a site whose lock another process holds is skipped, not waited
 * for; sites=<group> takes only the group.
 */
class FleetIT {

    private static final String NIGHT = "night=2026-11-30";

    @TempDir
    Path home;

    private final List<Path> remote = new ArrayList<>();

    @AfterEach
    void deleteRemoteSites() {
        remote.forEach(RemoteSite::delete);
    }

    @Test
    void twentySitesOnThreeHostsRunUnderBothCapsAndEveryArchiveVerifies() throws Exception {
        // given: 20 sites over three names of the test sshd; at most 4 at once, 2 per host
        List<String> hosts = FleetSites.HOSTS;
        Map<String, String> hostOf = new HashMap<>();
        for (int i = 1; i <= 20; i++) {
            String host = hosts.get(i % hosts.size());
            site("fd-s" + i, "s" + i, host, "", 300_000);
            hostOf.put("s" + i, host);
        }
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", "concurrency=4",
                "per_host=2", NIGHT);
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).as(run.toString()).matches(
                "fleet night=2026-11-30 status=COMPLETED sites=20 completed=20 failed=0 skipped=0 duration=\\d+s");
        assertThat(run.stdout().strip().lines().toList()).hasSize(21);
        for (int i = 1; i <= 20; i++) {
            assertThat(run.stdout()).contains("backup site=s" + i + " id=");
            FleetSites.verifyArchive(home, "s" + i);
        }
        List<String[]> runs = RunRecords.fleet(home).backupRuns();
        assertThat(runs).hasSize(20).allMatch(r -> r[3].equals("COMPLETED"));
        assertThat(FleetSites.maxOverlap(runs, r -> true)).as("sites at once").isBetween(3, 4);
        for (String host : hosts) {
            assertThat(FleetSites.maxOverlap(runs, r -> hostOf.get(r[0]).equals(host))).as("sites at once on " + host)
                    .isBetween(1, 2);
        }
    }

    @Test
    void perHostOneRunsTheSitesOfAHostOneAfterAnother() throws Exception {
        // given: 3 sites on one host; many threads, one per host
        for (int i = 1; i <= 3; i++) {
            site("p" + i, "127.0.0.1", "");
        }
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", "concurrency=4",
                "per_host=1", NIGHT);
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(FleetSites.maxOverlap(RunRecords.fleet(home).backupRuns(), r -> true)).isEqualTo(1);
    }

    @Test
    void aReRunOfTheNightRunsOnlyTheSitesThatDidNotComplete() throws Exception {
        // given: a good site, one whose folder is missing, one with a bad key (exit-2 kind)
        site("good", "127.0.0.1", "");
        Path missing = site("gone", "127.0.0.1", "");
        Path moved = missing.resolveSibling(missing.getFileName() + ".away");
        Files.move(missing, moved);
        remote.add(moved);
        Path badFile = home.resolve("jobs/bad.yaml");
        site("bad", "127.0.0.1", "");
        String goodYaml = Files.readString(badFile);
        Files.writeString(badFile, goodYaml.replace("site:\n", "site:\n  colour: blue\n"));
        // when
        Processes.Result first = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", NIGHT);
        // then: the others are not stopped by them
        assertThat(first.exit()).as(first.toString()).isEqualTo(1);
        assertThat(first.stdout()).contains("backup site=bad status=INVALID error=\"jobs/bad.yaml: site.colour: "
                + "unknown key");
        assertThat(first.stdout()).containsPattern("backup site=gone id=\\S+ status=FAILED .*step=validate");
        assertThat(first.stdout()).containsPattern("backup site=good id=\\S+ status=COMPLETED");
        assertThat(first.summary()).startsWith("fleet night=2026-11-30 status=FAILED sites=3 completed=1 failed=2 "
                + "skipped=0 duration=").endsWith(" resume=\"java -jar backup-batch.jar job=backup site=all "
                + NIGHT + "\"");

        // given: both mended
        Files.move(moved, missing);
        Files.writeString(badFile, goodYaml);
        // when
        Processes.Result second = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", NIGHT);
        // then: good is not backed up again; gone resumes its own failed run
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.stdout()).containsPattern("backup site=good id=\\S+ status=COMPLETED .* run=earlier");
        assertThat(second.summary()).startsWith("fleet night=2026-11-30 status=COMPLETED sites=3 completed=3 ");
        assertThat(second.stderr()).containsPattern("resuming backup \\S+ of site gone");
        List<String> sitesRun = RunRecords.fleet(home).backupRuns().stream().map(r -> r[0]).toList();
        assertThat(sitesRun).containsExactlyInAnyOrder("good", "gone", "gone", "bad");
        FleetSites.verifyArchive(home, "gone");
        FleetSites.verifyArchive(home, "bad");

        // when: a third time, the night is done
        Processes.Result third = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", NIGHT);
        assertThat(third.exit()).as(third.toString()).isZero();
        assertThat(RunRecords.fleet(home).backupRuns()).hasSize(4);
    }

    @Test
    void aSiteAnotherProcessRunsIsSkippedAndTheOthersRun() throws Exception {
        // given: the lock of site busy held, as a cron line of that site holds it
        site("busy", "127.0.0.1", "");
        site("free", "127.0.0.1", "");
        Path lockFile = home.resolve(".backup-batch/locks/busy.lock");
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            // when
            Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", NIGHT);
            // then
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.stdout()).contains("backup site=busy status=ALREADY_RUNNING");
            assertThat(run.summary()).contains(" sites=2 completed=1 failed=0 skipped=1 ");
        }
    }

    @Test
    void aGroupTakesOnlyItsSites() throws Exception {
        // given
        site("g1", "127.0.0.1", "  groups: [night-a]\n");
        site("g2", "127.0.0.1", "  groups: [night-a, night-b]\n");
        site("other", "127.0.0.1", "  groups: [night-b]\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "sites=night-a", NIGHT);
        Processes.Result none = Processes.backupBatch(home, Map.of(), "job=backup", "sites=nobody", NIGHT);
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("backup site=g1 ").contains("backup site=g2 ").doesNotContain("site=other");
        assertThat(run.summary()).contains(" sites=2 completed=2 ");
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.summary()).contains("status=INVALID").contains("no site is in group nobody");
    }

    /** A small site (2 MB of random bytes and a page) reached through {@code host}. */
    private Path site(String name, String host, String siteLines) throws Exception {
        return site("wt-fleet-" + name, name, host, siteLines, 2_000_000);
    }

    /** A site of {@code bytes} random bytes and a page, in the remote folder {@code folder}, through {@code host}. */
    private Path site(String folder, String name, String host, String siteLines, int bytes) throws Exception {
        Path root = RemoteSite.create(folder,
                "head -c " + bytes + " /dev/urandom > data.bin; echo '<?php echo 1;' > index.php");
        remote.add(root);
        RemoteSite.home(home, name, "site:\n  app_type: custom\n" + siteLines + FleetSites.sshYaml(home, host)
                + "files:\n  remote_path: " + root + "\nbackup:\n  destination: backups\n");
        return root;
    }


}
