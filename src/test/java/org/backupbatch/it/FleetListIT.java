package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=list site=all} through the real jar: a fleet night run against the real sshd, then
 * listed from the local fleet repository and from a shared PostgreSQL one (database {@code
 * bbfl_repo}): each site's status, the host and pid that ran it, its archive, the failed one's
 * step, error and resume command, and the fleet's line; {@code format=json} says the same.
 */
class FleetListIT {

    private static final String NIGHT = "2026-11-29";
    private static final String PG = "bbfl_repo";

    @TempDir
    Path home;

    private final List<Path> remote = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        remote.forEach(RemoteSite::delete);
        Processes.run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "DROP DATABASE IF EXISTS " + PG
                + " WITH (FORCE)"), null, Map.of(), null);
    }

    @Test
    void listsTheLastNightOfTheLocalFleetWithWhoRanEachSiteAndHowToResumeTheFailedOne() throws Exception {
        // given: a night of two good sites and one whose folder is gone
        site("fl-ok1");
        site("fl-ok2");
        RemoteSite.delete(site("fl-gone"));
        Processes.Result night = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", "night=" + NIGHT);
        assertThat(night.exit()).as(night.toString()).isEqualTo(1);
        // when
        Processes.Result table = Processes.backupBatch(home, Map.of(), "job=list", "site=all");
        Processes.Result json = Processes.backupBatch(home, Map.of(), "job=list", "site=all", "format=json");
        // then
        assertThat(table.exit()).as(table.toString()).isZero();
        String resume = "java -jar backup-batch.jar job=backup site=all night=" + NIGHT;
        assertThat(table.summary()).matches("fleet night=" + NIGHT + " status=FAILED sites=3 completed=2 failed=1 "
                + "skipped=0 duration=\\d+s resume=\"" + resume + "\"");
        assertThat(table.stdout()).containsPattern("fl-gone +FAILED +\\S+ +\\d+ .* validate +files.remote_path: ")
                .containsPattern("fl-ok1 +COMPLETED +\\S+ +\\d+ .*backups/fl-ok1/backup-fl-ok1-\\S+\\.tar\\.gz")
                .contains("  fl-gone resume: " + resume).doesNotContain("fl-ok1 resume");
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.stdout().substring(0, json.stdout().lastIndexOf("\nfleet ")));
        assertThat(doc.path("night").asText()).isEqualTo(NIGHT);
        assertThat(doc.path("fleet").path("failed").asInt()).isEqualTo(1);
        JsonNode ok = doc.path("sites").get(1);
        assertThat(ok.path("site").asText()).isEqualTo("fl-ok1");
        assertThat(ok.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(Path.of(ok.path("archive").asText())).isEqualTo(RemoteSite.onlyArchive(home.resolve("backups"),
                "fl-ok1"));
        assertThat(ok.path("worker").asText()).isEqualTo(java.net.InetAddress.getLocalHost().getHostName());
        assertThat(ok.path("pid").asLong()).isPositive();
        assertThat(ok.path("resume").isNull()).isTrue();
        JsonNode gone = doc.path("sites").get(0);
        assertThat(gone.path("failed_step").asText()).isEqualTo("validate");
        assertThat(gone.path("resume").asText()).isEqualTo(resume);
    }

    @Test
    void saysSoWhenThereIsNoFleetRepositoryOrNoSuchNight() throws Exception {
        // given: a site, and no fleet night yet
        site("fl-alone");
        // when
        Processes.Result none = Processes.backupBatch(home, Map.of(), "job=list", "site=all");
        // then
        assertThat(none.exit()).as(none.toString()).isEqualTo(1);
        assertThat(none.summary()).startsWith("list site=all status=FAILED error=\"no fleet night of sites=all in ");
        assertThat(none.stderr()).contains("job=list without site= lists each site's backups and runs");

        // given: a night run
        Processes.Result night = Processes.backupBatch(home, Map.of(), "job=backup", "site=all", "night=" + NIGHT);
        assertThat(night.exit()).as(night.toString()).isZero();
        // when: another night is asked for, then that one
        Processes.Result other = Processes.backupBatch(home, Map.of(), "job=list", "site=all", "night=2026-11-28");
        Processes.Result that = Processes.backupBatch(home, Map.of(), "job=list", "night=" + NIGHT);
        Processes.Result one = Processes.backupBatch(home, Map.of(), "job=list", "site=fl-alone");
        Processes.Result group = Processes.backupBatch(home, Map.of(), "job=list", "sites=fl-nobody");
        // then
        assertThat(other.exit()).as(other.toString()).isEqualTo(1);
        assertThat(other.summary()).contains("no fleet night 2026-11-28 of sites=all");
        assertThat(that.exit()).as(that.toString()).isZero();
        assertThat(that.summary()).startsWith("fleet night=" + NIGHT + " status=COMPLETED sites=1 completed=1 ");
        assertThat(group.exit()).as(group.toString()).isEqualTo(1);
        assertThat(group.summary()).contains("no fleet night of sites=fl-nobody in ");
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.summary()).startsWith("list site=fl-alone status=COMPLETED backups=1 ");
    }

    @Test
    void listsANightFromASharedPostgresRepository() throws Exception {
        // given: a night in PostgreSQL, one site failing, run under another host name
        Processes.check(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "DROP DATABASE IF EXISTS " + PG
                + " WITH (FORCE)"), null);
        Processes.check(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "CREATE DATABASE " + PG), null);
        site("fl-pg1");
        RemoteSite.delete(site("fl-pg2"));
        String url = "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + PG;
        Processes.Result night = Processes.backupBatch(home, Map.of("BACKUP_BATCH_HOST", "fl-host-a"), "job=backup",
                "site=all", "night=" + NIGHT, url, "spring.datasource.username=postgres");
        assertThat(night.exit()).as(night.toString()).isEqualTo(1);
        // when
        Processes.Result json = Processes.backupBatch(home, Map.of(), "job=list", "site=all", "format=json", url,
                "spring.datasource.username=postgres");
        // then
        assertThat(json.exit()).as(json.toString()).isZero();
        String resume = "java -jar backup-batch.jar job=backup site=all night=" + NIGHT + " " + url
                + " spring.datasource.username=postgres";
        assertThat(json.summary()).startsWith("fleet night=" + NIGHT + " status=FAILED sites=2 completed=1 failed=1 ")
                .endsWith("resume=\"" + resume + "\"");
        JsonNode doc = new ObjectMapper().readTree(json.stdout().substring(0, json.stdout().lastIndexOf("\nfleet ")));
        JsonNode pg1 = doc.path("sites").get(0);
        assertThat(pg1.path("worker").asText()).isEqualTo("fl-host-a");
        assertThat(pg1.path("archive").asText()).endsWith(".tar.gz");
        assertThat(Files.size(Path.of(pg1.path("archive").asText()))).isPositive();
        JsonNode pg2 = doc.path("sites").get(1);
        assertThat(pg2.path("status").asText()).isEqualTo("FAILED");
        assertThat(pg2.path("worker").asText()).isEqualTo("fl-host-a");
        assertThat(pg2.path("error").asText()).contains("files.remote_path");
        assertThat(pg2.path("resume").asText()).isEqualTo(resume);
    }

    @Test
    void aSiteRunningNowIsListedRunningWithItsPidThenInterruptedOnceItsProcessIsKilled() throws Exception {
        // given: a night whose one site is held inside its big file (its tar stopped)
        Path root = RemoteSite.create("fl-held", "yes 'a line of text that compresses' | head -c 100000000 > big.txt");
        remote.add(root);
        RemoteSite.home(home, "fl-held", "site:\n  app_type: custom\n" + TestEnv.sshYaml() + "files:\n  remote_path: "
                + root + "\nbackup:\n  destination: backups\n");
        try (JarRun fleet = JarRun.start(home, Map.of(), List.of("job=backup", "site=all", "night=" + NIGHT))) {
            HeldTar tar = HeldTar.await(fleet, root, java.time.Duration.ofSeconds(120));
            tar.stop();
            try {
                // when
                Processes.Result running = Processes.backupBatch(home, Map.of(), "job=list", "site=all");
                // then
                assertThat(running.exit()).as(running.toString()).isZero();
                assertThat(running.stdout()).containsPattern("fl-held +RUNNING +\\S+ +" + fleet.pid() + " ");
                assertThat(running.summary()).matches("fleet night=" + NIGHT + " status=STARTED sites=1 completed=0 "
                        + "failed=0 skipped=0 running=1 duration=\\d+s");

                // when: the fleet's process is killed
                fleet.kill();
                Processes.Result killed = Processes.backupBatch(home, Map.of(), "job=list", "site=all");
                // then: the site's re-run is the night's
                assertThat(killed.stdout()).containsPattern("fl-held +INTERRUPTED ")
                        .contains("  fl-held resume: java -jar backup-batch.jar job=backup site=all night=" + NIGHT);
                assertThat(killed.summary()).startsWith("fleet night=" + NIGHT + " status=STARTED sites=1 "
                        + "completed=0 failed=1 skipped=0 ");
            } finally {
                tar.resume();
            }
        }
    }

    /** A small site on the test sshd; its remote folder. */
    private Path site(String name) throws Exception {
        Path root = RemoteSite.create(name, "head -c 200000 /dev/urandom > data.bin; echo '<?php echo 1;' > index.php");
        remote.add(root);
        RemoteSite.home(home, name, "site:\n  app_type: custom\n" + TestEnv.sshYaml() + "files:\n  remote_path: "
                + root + "\nbackup:\n  destination: backups\n");
        return root;
    }
}
