package org.backupbatch.remote;

import java.io.IOException;
import java.util.List;

/**
 * Reads WordPress options ({@code siteurl}, {@code home}) from a site's database. The options
 * table is {@code <prefix>options} when the table prefix is known (two installs may share the
 * database); else the shortest table name ending in {@code options} ({@code wp_options}; a
 * multisite's {@code wp_2_options} is longer).
 */
public final class WordPressOptions {

    private WordPressOptions() {
    }

    /**
     * The option's value, or null when there is no options table or no such option.
     *
     * @param sql queries in the site's database, whose table prefix is used when known
     */
    public static String get(RemoteSql sql, String option) throws IOException {
        String prefix = sql.database().tablePrefix();
        String which = prefix != null ? "TABLE_NAME = " + RemoteSql.literal(prefix + "options")
                : "TABLE_NAME LIKE '%options' ORDER BY LENGTH(TABLE_NAME) LIMIT 1";
        List<String> table = sql.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + "DATABASE() AND " + which);
        if (table.isEmpty()) {
            return null;
        }
        List<String> values = sql.query("SELECT option_value FROM " + RemoteSql.identifier(table.get(0).strip())
                + " WHERE option_name = " + RemoteSql.literal(option));
        return values.isEmpty() ? null : values.get(0).strip();
    }
}
