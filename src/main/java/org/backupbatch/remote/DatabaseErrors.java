package org.backupbatch.remote;

import java.io.IOException;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;

/** Turns what mysqldump printed into a message that says what to fix. */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    static RuntimeException explain(String what, CommandResult result, SiteConfig.Database db) {
        String stderr = result.stderrTail(3);
        if (stderr.contains("Access denied for user")) {
            return new ConfigurationError("database login refused for user '" + db.user() + "' on " + where(db)
                    + ": check database.user and database.password (" + stderr + ")");
        }
        if (stderr.contains("Unknown database")) {
            return new ConfigurationError("database.name: database '" + db.name() + "' does not exist on " + where(db));
        }
        if (stderr.contains("Can't connect") || stderr.contains("Unknown MySQL server host")) {
            return new ConfigurationError("cannot reach the database server at " + where(db) + ": check database.host, "
                    + "database.port and database.socket (" + stderr + ")");
        }
        if (stderr.contains("not found")) {
            return new FatalError(what + ": a tool is missing: " + stderr);
        }
        return new FatalError(what + ": " + stderr, new IOException(stderr));
    }

    private static String where(SiteConfig.Database db) {
        return db.socket() != null ? "socket " + db.socket() : db.host() + ":" + db.port();
    }
}
