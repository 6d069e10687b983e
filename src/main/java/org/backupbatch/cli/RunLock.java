package org.backupbatch.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * What keeps a second run of a site out: the file lock of one machine ({@link SiteLock}) with the
 * built-in repository, the lease in the shared repository's database ({@link SiteLease}) with a
 * JDBC URL of one's own, where runs of other machines are recorded too.
 */
interface RunLock extends AutoCloseable {

    @Override
    void close() throws IOException;

    /** The outcome of an attempt: the lock, or a description of who holds it. */
    record Attempt(RunLock lock, String owner) {
    }

    static Attempt tryAcquire(CommandLine command, String site, Map<String, String> env) throws IOException {
        if (command.repositoryUrl() == null) {
            SiteLock lock = SiteLock.tryAcquire(command.home(), site);
            return new Attempt(lock, lock == null ? SiteLock.owner(command.home(), site) : null);
        }
        return lease(command, site, "site " + site, env);
    }

    /** The lease of {@code key} in the shared repository's database ({@code command} names one). */
    static Attempt lease(CommandLine command, String key, String label, Map<String, String> env) throws IOException {
        try {
            SiteLease.Attempt attempt = SiteLease.tryAcquire(command.repositoryUrl(), user(command, env),
                    password(command, env), key, label, env);
            return new Attempt(attempt.lease(), attempt.owner());
        } catch (SQLException e) {
            throw new IOException("cannot take the lease of " + label + " in the job repository: "
                    + e.getMessage(), e);
        }
    }

    private static String user(CommandLine command, Map<String, String> env) {
        return command.springProperties().getOrDefault("spring.datasource.username",
                env.get("SPRING_DATASOURCE_USERNAME"));
    }

    private static String password(CommandLine command, Map<String, String> env) {
        return command.springProperties().getOrDefault("spring.datasource.password",
                env.get("SPRING_DATASOURCE_PASSWORD"));
    }
}
