package org.backupbatch.config;

/**
 * The database settings of a WordPress {@code wp-config.php}: {@code DB_NAME}, {@code DB_USER},
 * {@code DB_PASSWORD} and {@code DB_HOST} split into host, port and socket, and the {@code
 * $table_prefix} that names this install's tables. From {@link WpConfigParser#parse} name, user,
 * password and host are never null; port and socket are null when DB_HOST does not give them,
 * the table prefix when it is not a plain string literal. The host is bare: no {@code p:}
 * prefix, no IPv6 brackets.
 */
public record WpDatabaseSettings(String name, String user, Secret password, String host, Integer port, String socket,
        String tablePrefix) {

    /** Settings without a table prefix. */
    public WpDatabaseSettings(String name, String user, Secret password, String host, Integer port, String socket) {
        this(name, user, password, host, port, socket, null);
    }
}
