package org.backupbatch.remote;

import java.io.IOException;
import java.util.List;

/**
 * Reads WordPress options ({@code siteurl}, {@code home}) from a site's database: the options
 * table is the shortest table name ending in {@code options} ({@code wp_options}, or
 * {@code <prefix>options}; a multisite's {@code wp_2_options} is longer).
 */
public final class WordPressOptions {

    private WordPressOptions() {
    }

    /** The option's value, or null when there is no options table or no such option. */
    public static String get(RemoteSql sql, String option) throws IOException {
        List<String> table = sql.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + "DATABASE() AND TABLE_NAME LIKE '%options' ORDER BY LENGTH(TABLE_NAME) LIMIT 1");
        if (table.isEmpty()) {
            return null;
        }
        List<String> values = sql.query("SELECT option_value FROM " + RemoteSql.identifier(table.get(0).strip())
                + " WHERE option_name = " + RemoteSql.literal(option));
        return values.isEmpty() ? null : values.get(0).strip();
    }
}
