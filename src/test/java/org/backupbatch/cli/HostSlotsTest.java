package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-host slots of a distributed night, in a PostgreSQL database of the test's own (the test
 * environment's, 127.0.0.1:5432): N live holders fill a host, a released or expired slot is free
 * again, hosts do not share slots, and the heartbeat of a held slot advances.
 */
class HostSlotsTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String database = "bbfd_slots_" + System.nanoTime();
    private final Map<String, String> env = Map.of("BACKUP_BATCH_HOST", "fd-test", "BACKUP_BATCH_LEASE_SECONDS", "3");
    private CommandLine command;

    @BeforeEach
    void createDatabase() {
        admin("CREATE DATABASE " + database);
        command = new CommandLine("worker", null, Path.of("."), Map.of(), Map.of("spring.datasource.username",
                "postgres"), SERVER + database, List.of("job=worker"));
    }

    @AfterEach
    void dropDatabase() {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void perHostLiveHoldersFillAHostAndAReleasedSlotIsFreeAgain() throws Exception {
        // given
        RunLock first = HostSlots.tryAcquire(command, "a.example:22", 2, env);
        RunLock second = HostSlots.tryAcquire(command, "a.example:22", 2, env);
        // when
        RunLock third = HostSlots.tryAcquire(command, "a.example:22", 2, env);
        RunLock otherHost = HostSlots.tryAcquire(command, "b.example:22", 2, env);
        // then
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(third).as("a full host").isNull();
        assertThat(otherHost).isNotNull();
        // when
        first.close();
        RunLock again = HostSlots.tryAcquire(command, "a.example:22", 2, env);
        // then
        assertThat(again).isNotNull();
        assertThat(HostSlots.tryAcquire(command, "a.example:22", 2, env)).isNull();
        for (RunLock lock : List.of(second, otherHost, again)) {
            lock.close();
        }
        assertThat(count("SELECT COUNT(*) FROM BB_SITE_LEASE")).isZero();
    }

    @Test
    void workersTakingSlotsAtTheSameMomentGetNoMoreThanPerHostAndNoError() throws Exception {
        // given: 8 workers about to take a slot of one host, 2 per host; no row exists yet
        int workers = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(workers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        List<java.util.concurrent.Future<RunLock>> taken = new java.util.ArrayList<>();
        // when
        for (int i = 0; i < workers; i++) {
            taken.add(pool.submit(() -> {
                start.await();
                return HostSlots.tryAcquire(command, "a.example:22", 2, env);
            }));
        }
        List<RunLock> held = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<RunLock> future : taken) {
            RunLock lock = future.get(); // an error here is what a racing INSERT gave
            if (lock != null) {
                held.add(lock);
            }
        }
        pool.shutdown();
        // then
        assertThat(held).hasSize(2);
        for (RunLock lock : held) {
            lock.close();
        }
    }

    @Test
    void aHeldSlotIsRenewedAndAnExpiredOneIsTakenOver() throws Exception {
        // given: one slot, held; its heartbeat every second (a 3 s lease)
        RunLock held = HostSlots.tryAcquire(command, "a.example:22", 1, env);
        String heartbeat = text("SELECT HEARTBEAT FROM BB_SITE_LEASE");
        // when
        Thread.sleep(2500);
        // then: renewed, still held
        assertThat(text("SELECT HEARTBEAT FROM BB_SITE_LEASE")).isGreaterThan(heartbeat);
        assertThat(HostSlots.tryAcquire(command, "a.example:22", 1, env)).isNull();
        // given: its holder dead (no more heartbeats), the lease expired
        held.close();
        sql("INSERT INTO BB_SITE_LEASE (SITE, OWNER_HOST, OWNER_PID, TOKEN, HEARTBEAT, EXPIRES) VALUES ('"
                + HostSlots.key("a.example:22", 1) + "', 'host-a', 4242, 't', NOW() - INTERVAL '5 minutes', "
                + "NOW() - INTERVAL '1 minute')");
        // when
        RunLock taken = HostSlots.tryAcquire(command, "a.example:22", 1, env);
        // then
        assertThat(taken).isNotNull();
        assertThat(text("SELECT OWNER_HOST FROM BB_SITE_LEASE")).isEqualTo("fd-test");
        taken.close();
    }

    @Test
    void aLongHostNameIsKeyedByItsHashWithinTheColumn() {
        String host = "h".repeat(200) + ".example:22";
        assertThat(HostSlots.key("a.example:22", 2)).isEqualTo("host a.example:22 #2");
        assertThat(HostSlots.key(host, 1)).hasSizeLessThanOrEqualTo(100).startsWith("host sha256:").endsWith(" #1");
        assertThat(HostSlots.key(host, 1)).isNotEqualTo(HostSlots.key(host + "x", 1));
    }

    private long count(String query) throws SQLException {
        return Long.parseLong(text(query));
    }

    private String text(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", null);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    private void sql(String update) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", null);
                Statement s = c.createStatement()) {
            s.executeUpdate(update);
        }
    }

    private static void admin(String update) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.executeUpdate(update);
        } catch (SQLException e) {
            fail("PostgreSQL on 127.0.0.1:5432 (user postgres, trust) is needed: start the test environment "
                    + "with scripts/test-env.sh up (" + e.getMessage() + ")");
        }
    }
}
