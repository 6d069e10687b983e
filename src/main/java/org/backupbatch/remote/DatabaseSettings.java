package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.WpConfigParser;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * The database a backup dumps: as configured, completed for WordPress sites from the remote
 * {@code wp-config.php} (in the site folder or the one above it, as WordPress allows): the
 * credentials the site file does not give, and the table prefix. Explicit configuration wins
 * over what wp-config.php says. Nothing found here is ever stored.
 */
public final class DatabaseSettings {

    private static final int NOT_FOUND = 66;
    private static final int MAX_WP_CONFIG_BYTES = 1 << 20;

    private DatabaseSettings() {
    }

    /**
     * @return the database to dump, or null when the site has none. A WordPress site whose file
     *         gives every credential may have no wp-config.php yet (a restore target): then its
     *         table prefix stays as configured, maybe null
     */
    public static SiteConfig.Database resolve(SiteConfig config, Shell shell) throws IOException {
        SiteConfig.Database db = config.database();
        if (db == null || !config.site().isWordPress()) {
            return db;
        }
        boolean credentials = db.name() != null && db.user() != null && db.password() != null;
        if (credentials && db.explicitKeys().contains("table_prefix")) {
            return db;
        }
        String php = readWpConfig(config.files().remotePath(), shell, !credentials);
        if (php == null) {
            return db;
        }
        return credentials ? WpConfigParser.discoverTablePrefix(db, php) : WpConfigParser.discover(db, php);
    }

    /** @param required whether a missing wp-config.php is an error rather than null */
    private static String readWpConfig(String remotePath, Shell shell, boolean required) throws IOException {
        String script = "cd -- " + quote(remotePath) + " || exit " + NOT_FOUND + "\n"
                + "if [ -f wp-config.php ]; then exec head -c " + MAX_WP_CONFIG_BYTES + " wp-config.php; fi\n"
                + "if [ -f ../wp-config.php ]; then exec head -c " + MAX_WP_CONFIG_BYTES + " ../wp-config.php; fi\n"
                + "exit " + NOT_FOUND;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = shell.run(script, null, out, Duration.ofMinutes(2));
        if (result.exitStatus() == NOT_FOUND && !required) {
            return null;
        }
        if (result.exitStatus() == NOT_FOUND) {
            throw new ConfigurationError("app_type wordpress with no database password configured, but no wp-config.php "
                    + "in " + remotePath + " or its parent on " + shell.describe()
                    + ": set database.name, database.user and database.password");
        }
        if (result.exitStatus() != 0) {
            throw new IOException("reading wp-config.php on " + shell.describe() + " failed: " + result.stderrTail(3));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
