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
 * {@code wp-config.php} (in the site folder, or the one above it when WordPress itself would load
 * that one: when no {@code wp-settings.php} sits beside it): the credentials the site file does
 * not give, and the table prefix. Explicit configuration wins over what wp-config.php says.
 * Nothing found here is ever stored.
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
        if (complete(db)) {
            return db;
        }
        byte[] php = readWpConfig(config.files().remotePath(), shell);
        if (php == null && !hasCredentials(db)) {
            throw new ConfigurationError("app_type wordpress with no database password configured, but no wp-config.php "
                    + "in " + config.files().remotePath() + " (nor one WordPress would load above it) on "
                    + shell.describe() + ": set database.name, database.user and database.password");
        }
        return fromWpConfig(config, php);
    }

    /**
     * The site's database completed from a wp-config.php's content (credentials the site file
     * does not give, and the table prefix); as configured when {@code php} is null.
     */
    public static SiteConfig.Database fromWpConfig(SiteConfig config, byte[] php) {
        SiteConfig.Database db = config.database();
        if (db == null || !config.site().isWordPress() || php == null) {
            return db;
        }
        if (complete(db)) {
            return db;
        }
        String text = new String(php, StandardCharsets.UTF_8);
        return hasCredentials(db) ? WpConfigParser.discoverTablePrefix(db, text) : WpConfigParser.discover(db, text);
    }

    private static boolean hasCredentials(SiteConfig.Database db) {
        return db.name() != null && db.user() != null && db.password() != null;
    }

    /** Whether the site file gives all wp-config.php could: the credentials and the table prefix. */
    private static boolean complete(SiteConfig.Database db) {
        return hasCredentials(db) && db.explicitKeys().contains("table_prefix");
    }

    /**
     * The wp-config.php WordPress would load for the site in {@code remotePath}: the folder's own,
     * else the parent's when no wp-settings.php sits beside it (another install's). Null when none.
     */
    public static byte[] readWpConfig(String remotePath, Shell shell) throws IOException {
        String script = "cd -- " + quote(remotePath) + " || exit " + NOT_FOUND + "\n"
                + "if [ -f wp-config.php ]; then exec head -c " + MAX_WP_CONFIG_BYTES + " wp-config.php; fi\n"
                + "if [ -f ../wp-config.php ] && [ ! -e ../wp-settings.php ]; then exec head -c "
                + MAX_WP_CONFIG_BYTES + " ../wp-config.php; fi\n"
                + "exit " + NOT_FOUND;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = shell.run(script, null, out, Duration.ofMinutes(2));
        if (result.exitStatus() == NOT_FOUND) {
            return null;
        }
        if (result.exitStatus() != 0) {
            throw new IOException("reading wp-config.php on " + shell.describe() + " failed: " + result.stderrTail(3));
        }
        return out.toByteArray();
    }
}
