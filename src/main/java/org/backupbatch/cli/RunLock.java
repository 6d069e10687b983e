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
        Map<String, String> spring = command.springProperties();
        String user = spring.getOrDefault("spring.datasource.username", env.get("SPRING_DATASOURCE_USERNAME"));
        String password = spring.getOrDefault("spring.datasource.password", env.get("SPRING_DATASOURCE_PASSWORD"));
        try {
            SiteLease.Attempt attempt = SiteLease.tryAcquire(command.repositoryUrl(), user, password, site, env);
            return new Attempt(attempt.lease(), attempt.owner());
        } catch (SQLException e) {
            throw new IOException("cannot take the lease of site " + site + " in the job repository: "
                    + e.getMessage(), e);
        }
    }
}
