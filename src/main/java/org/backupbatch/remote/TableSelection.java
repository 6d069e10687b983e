package org.backupbatch.remote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;

/**
 * Which tables and views of a database a dump takes: all of them, or those whose name starts
 * with a table prefix, so that one of several sites sharing a database is dumped (and so
 * restored) alone. The prefix is compared character by character, never through {@code LIKE}
 * where {@code _} is a wildcard: {@code wp_} does not take {@code wp2_options}, but it does take
 * a multisite's {@code wp_2_options}, which belongs to the same install. Explicit extra tables
 * may be added, for a dump that must also hold tables outside the prefix (a restore's safety
 * snapshot of the tables it will overwrite).
 *
 * @param prefix the table prefix, or null to take the whole database (then {@code extra} is moot)
 * @param extra  tables to take besides the prefix's; names the database lacks are skipped
 */
public record TableSelection(String prefix, List<String> extra) {

    /** The whole database. */
    public static final TableSelection ALL = new TableSelection(null, List.of());

    public TableSelection {
        extra = List.copyOf(extra);
    }

    /** The tables of one prefix. */
    public static TableSelection prefix(String prefix) {
        return new TableSelection(prefix, List.of());
    }

    /**
     * What a backup of the site takes, as its {@code database.tables} says.
     *
     * @param db the site's database as resolved (its table prefix discovered)
     * @throws ConfigurationError when the tables of a prefix are wanted but it is unknown (a
     *                            WordPress site without wp-config.php)
     */
    public static TableSelection of(SiteConfig config, SiteConfig.Database db) {
        if (db.tables() == SiteConfig.Tables.ALL) {
            return ALL;
        }
        if (db.tablePrefix() == null) {
            throw new ConfigurationError(config.sourceFile() + ": database.table_prefix: the table prefix of site "
                    + config.site().name() + " is unknown (no wp-config.php in " + config.files().remotePath()
                    + "); set database.table_prefix, or database.tables: all");
        }
        return prefix(db.tablePrefix());
    }

    /** This selection with more tables. */
    public TableSelection plus(Collection<String> tables) {
        List<String> more = new ArrayList<>(extra);
        more.addAll(tables);
        return new TableSelection(prefix, more);
    }

    /** True when the whole database is taken. */
    public boolean takesAll() {
        return prefix == null;
    }

    /** Whether a table (or view) of that name is taken. */
    public boolean takes(String table) {
        return prefix == null || table.startsWith(prefix) || extra.contains(table);
    }

    /** Splits the tables of a database into those taken and those left out. */
    public Split split(Collection<String> tables) {
        TreeSet<String> taken = new TreeSet<>();
        TreeSet<String> leftOut = new TreeSet<>();
        for (String table : tables) {
            (takes(table) ? taken : leftOut).add(table);
        }
        return new Split(List.copyOf(taken), List.copyOf(leftOut));
    }

    /** The tables of a database, split by a selection; each list sorted, without duplicates. */
    public record Split(List<String> taken, List<String> leftOut) {
    }
}
