package org.backupbatch.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per site across machines, when the job repository is a shared database ({@code
 * spring.datasource.url=}): a row of {@code BB_SITE_LEASE} in that database, holding the owner's
 * host, pid and a heartbeat renewed every {@link #HEARTBEAT}. A file lock only keeps out the
 * processes of one machine; with a shared repository, a run left STARTED by a process on another
 * host is still running as long as its lease is renewed, and only an expired lease ({@link
 * #ttl}, default 120 s, four missed heartbeats) makes it dead and its run recoverable. Times are
 * the database's clock ({@code CURRENT_TIMESTAMP}), never the hosts': their clocks may differ.
 * Plain JDBC, before Spring starts, as the file lock is taken before Spring.
 */
final class SiteLease implements RunLock {

    private static final Logger LOG = LoggerFactory.getLogger(SiteLease.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final String TABLE = "BB_SITE_LEASE";

    private final Connection connection;
    private final String site;
    private final String label;
    private final String token;
    private final Duration ttl;
    private final ScheduledExecutorService heartbeat;

    private SiteLease(Connection connection, String site, String label, String token, Duration ttl) {
        this.connection = connection;
        this.site = site;
        this.label = label;
        this.token = token;
        this.ttl = ttl;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lease-" + site);
            thread.setDaemon(true);
            return thread;
        });
        // every 30 s, or a third of a shorter lease (a test's): a live holder never lets it expire
        long every = Math.max(1, Math.min(HEARTBEAT.toSeconds(), ttl.toSeconds() / 3));
        heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
    }

    /** The outcome of an attempt: the lease, or who holds it. */
    record Attempt(SiteLease lease, String owner) {
    }

    /** Takes the site's lease, or says who holds a live one. */
    static Attempt tryAcquire(String url, String user, String password, String site, Map<String, String> env)
            throws SQLException {
        return tryAcquire(url, user, password, site, "site " + site, env);
    }

    /**
     * Takes the lease of {@code key} (a site, or a host's slot: {@link HostSlots}), or says who
     * holds a live one; {@code label} names it in messages.
     */
    static Attempt tryAcquire(String url, String user, String password, String key, String label,
            Map<String, String> env) throws SQLException {
        String site = key;
        Connection connection = DriverManager.getConnection(url, user, password);
        try {
            createTable(connection);
            Duration ttl = ttl(env);
            String token = UUID.randomUUID().toString();
            connection.setAutoCommit(false);
            String owner = take(connection, site, label, token, ttl, env);
            connection.commit();
            if (owner != null) {
                connection.close();
                return new Attempt(null, owner);
            }
            connection.setAutoCommit(true);
            return new Attempt(new SiteLease(connection, site, label, token, ttl), null);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Inserts the lease, or takes over an expired one; gives the live owner when there is one. */
    private static String take(Connection connection, String site, String label, String token, Duration ttl,
            Map<String, String> env) throws SQLException {
        Timestamp now = now(connection);
        Timestamp expires = Timestamp.from(now.toInstant().plus(ttl));
        try (PreparedStatement held = connection.prepareStatement("SELECT OWNER_HOST, OWNER_PID, HEARTBEAT, EXPIRES "
                + "FROM " + TABLE + " WHERE SITE = ? FOR UPDATE")) {
            held.setString(1, site);
            try (ResultSet row = held.executeQuery()) {
                if (row.next()) {
                    String owner = "pid=" + row.getLong(2) + " host=" + row.getString(1) + " heartbeat="
                            + row.getTimestamp(3).toInstant();
                    if (row.getTimestamp(4).after(now)) {
                        return owner;
                    }
                    // before Spring has set up logging (stdout is for summary lines): stderr, as Main's errors
                    System.err.println("warning: the lease of " + label + " expired (" + owner
                            + "): its run is dead; taking the lease over");
                    update(connection, "UPDATE " + TABLE + " SET OWNER_HOST = ?, OWNER_PID = ?, TOKEN = ?, "
                            + "HEARTBEAT = ?, EXPIRES = ? WHERE SITE = ?", host(env), token, now, expires, site);
                    return null;
                }
            }
        }
        try {
            update(connection, "INSERT INTO " + TABLE + " (OWNER_HOST, OWNER_PID, TOKEN, HEARTBEAT, EXPIRES, SITE) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", host(env), token, now, expires, site);
        } catch (SQLException e) {
            // no row to lock yet, so two processes may both insert: the second one's key is taken
            // (SQLSTATE class 23, integrity constraint violation), and the first one holds the lease
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            connection.rollback();
            return "another process, which took it at the same moment";
        }
        return null;
    }

    private static void update(Connection connection, String sql, String host, String token, Timestamp now,
            Timestamp expires, String site) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, host);
            statement.setLong(2, ProcessHandle.current().pid());
            statement.setString(3, token);
            statement.setTimestamp(4, now);
            statement.setTimestamp(5, expires);
            statement.setString(6, site);
            statement.executeUpdate();
        }
    }

    /** Renews the heartbeat; a lease that another process took over (ours had expired) is lost. */
    private void renew() {
        try {
            synchronized (connection) {
                Timestamp now = now(connection);
                try (PreparedStatement statement = connection.prepareStatement("UPDATE " + TABLE
                        + " SET HEARTBEAT = ?, EXPIRES = ? WHERE SITE = ? AND TOKEN = ?")) {
                    statement.setTimestamp(1, now);
                    statement.setTimestamp(2, Timestamp.from(now.toInstant().plus(ttl)));
                    statement.setString(3, site);
                    statement.setString(4, token);
                    if (statement.executeUpdate() == 0) {
                        LOG.error("the lease of {} was taken over by another process (it had expired)", label);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("could not renew the lease of {}: {}", label, e.toString());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE SITE = ? AND TOKEN = ?")) {
                statement.setString(1, site);
                statement.setString(2, token);
                statement.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("could not release the lease of {} (it expires by itself): {}", label, e.toString());
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("closing the lease connection", e);
                }
            }
        }
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (SITE VARCHAR(100) NOT NULL PRIMARY KEY, "
                    + "OWNER_HOST VARCHAR(255) NOT NULL, OWNER_PID BIGINT NOT NULL, TOKEN VARCHAR(36) NOT NULL, "
                    + "HEARTBEAT TIMESTAMP NOT NULL, EXPIRES TIMESTAMP NOT NULL)");
        } catch (SQLException e) {
            // workers starting together on a new repository: PostgreSQL's IF NOT EXISTS is not
            // atomic, and the other process's CREATE wins ("duplicate key ... pg_type"); the
            // table is there, which is all this wants
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM " + TABLE).close();
            } catch (SQLException absent) {
                e.addSuppressed(absent);
                throw e;
            }
        }
    }

    private static Timestamp now(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            row.next();
            return row.getTimestamp(1);
        }
    }

    /** {@code BACKUP_BATCH_LEASE_SECONDS}, default 120: how long a lease outlives its last heartbeat. */
    static Duration ttl(Map<String, String> env) {
        return Duration.ofSeconds(Long.parseLong(env.getOrDefault("BACKUP_BATCH_LEASE_SECONDS", "120")));
    }

    /** {@code BACKUP_BATCH_HOST} (a container's stable name), else the host's name. */
    static String host(Map<String, String> env) {
        String given = env.get("BACKUP_BATCH_HOST");
        if (given != null && !given.isBlank()) {
            return given;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
