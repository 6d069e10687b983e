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
 * {@code job=backup site=all mode=distributed} with a manager and {@code job=worker} JVMs (other
 * "hosts": BACKUP_BATCH_HOST) over the real RabbitMQ and a PostgreSQL repository of the test's
 * own, against the real sshd. One of three workers is SIGKILLed in the middle of a site: RabbitMQ
 * gives its request to another worker, which waits until the dead worker's lease expires (10 s
 * here), then runs the same partition, recovering and resuming the site's own backup; the night
 * completes, every archive verifies, each site is backed up once and no site's runs overlap in
 * time. {@code per_host=} holds across workers (run times from the repository). A manager killed
 * mid-night: its re-run waits for the site a live worker still runs (behind a slow link), which is
 * backed up once.
 */
class DistributedIT {

    private final String suffix = Long.toString(System.nanoTime());
    private final String database = "bbfd_dist_" + suffix;
    private final String queue = "fd-dist-" + suffix;
    private final List<Path> remote = new ArrayList<>();
    private final List<JarRun> workers = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void cleanUp() throws Exception {
        for (JarRun worker : workers) {
            worker.close();
        }
        remote.forEach(RemoteSite::delete);
        Processes.run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "DROP DATABASE IF EXISTS " + database
                + " WITH (FORCE)"), null, Map.of(), null);
        for (String q : List.of(queue, queue + ".dlq")) {
            Processes.run(List.of("rabbitmqctl", "delete_queue", q), null, Map.of(), null);
        }
    }

    @Test
    void aWorkerKilledMidSiteLeavesItsSiteToAnotherWorkerAndTheNightCompletes() throws Exception {
        // given: 5 sites of 20 MB, a repository, three workers of one consumer each
        for (int i = 1; i <= 5; i++) {
            site("d" + i, "127.0.0.1", 20_000_000);
        }
        createDatabase();
        JarRun doomed = worker("host-1", 1);
        List<JarRun> survivors = List.of(worker("host-2", 1), worker("host-3", 1));
        awaitServing();
        // when: the manager runs the night, and worker 1 dies in its first site
        try (JarRun manager = JarRun.start(home, Map.of("BACKUP_BATCH_HOST", "manager"), words("job=backup",
                "site=all", "mode=distributed", "per_host=3", "queue=" + queue, "night=2026-11-30"))) {
            // per_host=3: a slot for each worker, or worker 1 could send back every request it gets
            // while workers 2 and 3 hold the host's slots (perHostHoldsAcrossWorkers tests the cap)
            doomed.awaitWhileRunning("a site streaming on worker 1", Duration.ofSeconds(120),
                    () -> doomed.stderrSoFar().contains("step streamFiles of the backup job started"));
            doomed.kill();
            Processes.Result night = manager.await(Duration.ofMinutes(5));
            // then
            String logs = survivors.get(0).stderrSoFar() + survivors.get(1).stderrSoFar();
            assertThat(night.exit()).as(night + "\n--- workers 2 and 3\n" + logs).isZero();
            assertThat(night.summary()).startsWith("fleet night=2026-11-30 status=COMPLETED sites=5 completed=5 ");
            assertThat(night.stdout().lines().filter(l -> l.startsWith("backup site=d"))
                    .allMatch(l -> l.matches(".* worker=host-[123]( .*)?"))).as(night.stdout()).isTrue();
            assertThat(logs).contains("waiting for it to end or its lease to expire")
                    .contains("is marked STARTED but no process holds it");
        }
        for (int i = 1; i <= 5; i++) {
            FleetSites.verifyArchive(home, "d" + i);
        }
        List<String[]> runs = backupRuns();
        assertThat(runs.stream().filter(r -> r[3].equals("FAILED")).count()).as("the killed site's run, recovered")
                .isEqualTo(1);
        for (int i = 1; i <= 5; i++) {
            String site = "d" + i;
            List<String[]> mine = runs.stream().filter(r -> r[0].equals(site)).toList();
            assertThat(mine.stream().filter(r -> r[3].equals("COMPLETED")).count()).as("site %s backed up once", site)
                    .isEqualTo(1);
            for (int a = 0; a + 1 < mine.size(); a++) {
                assertThat(FleetSites.time(mine.get(a)[2])).as("site %s: one run at a time", site)
                        .isBeforeOrEqualTo(FleetSites.time(mine.get(a + 1)[1]));
            }
        }
        assertThat(FleetSites.maxOverlap(runs, r -> true)).as("sites of 127.0.0.1 at once, per_host=3")
                .isBetween(1, 3);
        // the dead worker's host slot may stay behind, expired (a slot row goes when it is next taken)
        assertThat(rows("SELECT COUNT(*) FROM BB_SITE_LEASE WHERE SITE NOT LIKE 'host %' OR EXPIRES > LOCALTIMESTAMP")
                .get(0)[0]).as("leases left live").isEqualTo("0");
    }

    @Test
    void perHostHoldsAcrossWorkers() throws Exception {
        // given: 6 sites on two SSH hosts, two workers of two consumers each (four sites at once)
        Map<String, String> hostOf = new java.util.HashMap<>();
        for (int i = 1; i <= 6; i++) {
            String host = i % 2 == 0 ? "localhost" : "127.0.0.1";
            site("h" + i, host, 1_000_000);
            hostOf.put("h" + i, host);
        }
        createDatabase();
        List<JarRun> both = List.of(worker("host-1", 2), worker("host-2", 2));
        awaitServing();
        // when: one site per host at once
        Processes.Result night;
        try (JarRun manager = JarRun.start(home, Map.of("BACKUP_BATCH_HOST", "manager"), words("job=backup",
                "site=all", "mode=distributed", "per_host=1", "queue=" + queue, "night=2026-11-30"))) {
            night = manager.await(Duration.ofMinutes(4));
        }
        // then
        String logs = both.get(0).stderrSoFar() + both.get(1).stderrSoFar();
        assertThat(night.exit()).as(night + "\n--- workers\n" + logs).isZero();
        assertThat(night.summary()).startsWith("fleet night=2026-11-30 status=COMPLETED sites=6 completed=6 ");
        assertThat(logs).contains("runs 1 sites already (per_host=1)").contains("goes back to the end of the queue");
        List<String[]> runs = backupRuns();
        assertThat(runs).hasSize(6);
        for (String host : List.of("127.0.0.1", "localhost")) {
            assertThat(FleetSites.maxOverlap(runs, r -> hostOf.get(r[0]).equals(host))).as("sites at once on " + host)
                    .isEqualTo(1);
        }
        assertThat(FleetSites.maxOverlap(runs, r -> true)).as("both hosts at once").isEqualTo(2);
        for (int i = 1; i <= 6; i++) {
            FleetSites.verifyArchive(home, "h" + i);
        }
        assertThat(rows("SELECT COUNT(*) FROM BB_SITE_LEASE").get(0)[0]).isEqualTo("0");
    }

    @Test
    void aManagerReRunWaitsForTheSiteALiveWorkerRunsAndBacksItUpOnce() throws Exception {
        // given: two sites, m1 behind a slow link (each 16 KB from the server held 300 ms); two
        // workers; the manager's own lease (site=all) expires 6 s after it dies
        try (FaultProxy slow = FaultProxy.toTestSshd().delayEach(300)) {
            Path root = RemoteSite.create("fd-m1", "head -c 3000000 /dev/urandom > data.bin");
            remote.add(root);
            RemoteSite.home(home, "m1", "site:\n  app_type: custom\n" + slow.sshYaml(home) + "files:\n  remote_path: "
                    + root + "\nbackup:\n  destination: backups\n");
            site("m2", "127.0.0.1", 1_000_000);
            createDatabase();
            worker("host-1", 1);
            worker("host-2", 1);
            awaitServing();
            List<String> night = words("job=backup", "site=all", "mode=distributed", "queue=" + queue,
                    "night=2026-11-30");
            Map<String, String> managerEnv = Map.of("BACKUP_BATCH_HOST", "manager", "BACKUP_BATCH_LEASE_SECONDS", "6");
            // when: the manager is SIGKILLed while a worker backs m1 up
            try (JarRun first = JarRun.start(home, managerEnv, night)) {
                first.awaitWhileRunning("m1 running on a worker", Duration.ofSeconds(120), () -> workers.stream()
                        .anyMatch(w -> w.stderrSoFar().contains("running site m1 ")));
                first.kill();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!rows("SELECT COUNT(*) FROM BB_SITE_LEASE WHERE SITE = 'all' AND EXPIRES > LOCALTIMESTAMP")
                    .get(0)[0].equals("0") && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            // and the night is run again while m1 is still being backed up
            try (JarRun again = JarRun.start(home, managerEnv, night)) {
                again.awaitWhileRunning("the re-run waiting for m1", Duration.ofSeconds(90),
                        () -> again.stderrSoFar().contains("site m1 of the night's run"));
                assertThat(rows("SELECT COUNT(*) FROM BB_SITE_LEASE WHERE SITE = 'm1'").get(0)[0]).isEqualTo("1");
                slow.delayEach(0);
                Processes.Result result = again.await(Duration.ofMinutes(3));
                // then: the night completes, m1 ran once, on its first worker
                assertThat(result.exit()).as(result.toString()).isZero();
                assertThat(result.summary()).startsWith("fleet night=2026-11-30 status=COMPLETED sites=2 completed=2 ");
                assertThat(result.stderr()).contains("is still being backed up by pid=");
            }
        }
        List<String[]> runs = backupRuns();
        assertThat(runs.stream().map(r -> r[0] + " " + r[3]).toList()).as("one run per site")
                .containsExactlyInAnyOrder("m1 COMPLETED", "m2 COMPLETED");
        FleetSites.verifyArchive(home, "m1");
        FleetSites.verifyArchive(home, "m2");
    }

    @Test
    void aRequestOfAnUnlistedClassGoesOnceToTheDeadLetterQueueNeverBackToTheWorkers() throws Exception {
        // given: a worker serving the queue
        createDatabase();
        JarRun worker = worker("host-1", 1);
        worker.awaitWhileRunning("the worker serving", Duration.ofSeconds(120),
                () -> worker.stderrSoFar().contains("serving queue"));
        // when: a Java-serialized object of a class not allowed arrives (as a forged request would)
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.ArrayList<>(List.of("not a request")));
        }
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.basicPublish("", queue, new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                    .contentType("application/x-java-serialized-object").build(), bytes.toByteArray());
        }
        // then: dead-lettered once, the queue empty, the worker still serving
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!messages(queue + ".dlq").equals("1") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2000); // a requeue loop would show by now
        assertThat(messages(queue + ".dlq")).isEqualTo("1");
        assertThat(messages(queue)).isEqualTo("0");
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.stderrSoFar()).contains("java.util.ArrayList");
    }

    /** How many messages a queue holds, as RabbitMQ counts them. */
    private static String messages(String queue) {
        return Processes.check(List.of("rabbitmqctl", "-q", "list_queues", "name", "messages"), null).lines()
                .map(l -> l.split("\\s+")).filter(f -> f.length == 2 && f[0].equals(queue)).map(f -> f[1])
                .findFirst().orElse("?");
    }

    private JarRun worker(String host, int consumers) {
        JarRun worker = JarRun.start(home, Map.of("BACKUP_BATCH_HOST", host, "BACKUP_BATCH_LEASE_SECONDS", "10"),
                words("job=worker", "concurrency=" + consumers, "queue=" + queue));
        workers.add(worker);
        return worker;
    }

    private void awaitServing() throws InterruptedException {
        for (JarRun worker : workers) {
            worker.awaitWhileRunning("a worker serving", Duration.ofSeconds(90),
                    () -> worker.stderrSoFar().contains("serving queue"));
        }
    }

    private void createDatabase() {
        Processes.check(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "CREATE DATABASE " + database),
                null);
    }

    private List<String> words(String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        all.add("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database);
        all.add("spring.datasource.username=postgres");
        return all;
    }

    /** A site of {@code bytes} random bytes in a remote folder of its own, reached through {@code host}. */
    private Path site(String name, String host, int bytes) throws Exception {
        Path root = RemoteSite.create("fd-" + name, "head -c " + bytes + " /dev/urandom > data.bin");
        remote.add(root);
        RemoteSite.home(home, name, "site:\n  app_type: custom\n" + FleetSites.sshYaml(home, host)
                + "files:\n  remote_path: " + root + "\nbackup:\n  destination: backups\n");
        return root;
    }


    /** Every backup job run: site, start, end, status, oldest first. */
    private List<String[]> backupRuns() {
        return rows("SELECT P.PARAMETER_VALUE, E.START_TIME, E.END_TIME, E.STATUS FROM BATCH_JOB_EXECUTION E JOIN "
                + "BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID JOIN BATCH_JOB_EXECUTION_PARAMS P ON "
                + "P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID WHERE I.JOB_NAME = 'backup' AND P.PARAMETER_NAME = 'site' "
                + "ORDER BY E.JOB_EXECUTION_ID");
    }


    private List<String[]> rows(String sql) {
        String out = Processes.check(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-At", "-F",
                "\t", "-c", sql), null);
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
    }

}
