package org.backupbatch.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the job instances that name a site, newest first, with one query on the identifying
 * parameters ({@code BATCH_JOB_EXECUTION_PARAMS}) instead of reading every instance of the job in
 * turn: a shared repository of 500 sites over a year holds some 180 000 instances, and the site
 * whose last run is deepest down took as many round trips. Spring Batch's schema has no index on
 * that table; {@link #createIndex} adds one of ours on the parameter's value, with the schema:
 * <ul>
 * <li>PostgreSQL: a hash index (a B-tree refuses entries past ~2.7 kB, and a value may hold
 * 2 500 characters of any script);</li>
 * <li>MariaDB and MySQL: a B-tree on the value's first 64 characters (InnoDB keys are at most
 * 3 072 bytes, 768 characters of utf8mb4);</li>
 * <li>HSQLDB and the others: a B-tree on the value.</li>
 * </ul>
 * Without the index (a repository whose user may not create one) the query still answers, by a
 * scan of that table on the database server.
 */
final class RunIndex {

    private static final Logger LOG = LoggerFactory.getLogger(RunIndex.class);
    static final String INDEX = "BB_JOB_PARAM_VALUE_IX";

    private final DataSource dataSource;
    private final String prefix;

    /** @param prefix the tables' prefix, {@code BATCH_} unless the repository was made with another */
    RunIndex(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.prefix = prefix;
    }

    /**
     * The instances of {@code job} whose executions were given {@code parameter=value}, newest first.
     */
    List<Long> instances(String job, String parameter, String value) throws SQLException {
        String sql = "SELECT DISTINCT e.JOB_INSTANCE_ID FROM " + prefix + "JOB_EXECUTION_PARAMS p JOIN " + prefix
                + "JOB_EXECUTION e ON e.JOB_EXECUTION_ID = p.JOB_EXECUTION_ID JOIN " + prefix + "JOB_INSTANCE i "
                + "ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE p.PARAMETER_VALUE = ? AND p.PARAMETER_NAME = ? "
                + "AND i.JOB_NAME = ? ORDER BY e.JOB_INSTANCE_ID DESC";
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            statement.setString(2, parameter);
            statement.setString(3, job);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * Creates the index when it is missing. A failure (no right to create an index, another
     * process creating it at the same moment) is logged and left: the queries work without it.
     */
    static void createIndex(DataSource dataSource, String prefix) {
        try (Connection connection = dataSource.getConnection()) {
            String table = prefix + "JOB_EXECUTION_PARAMS";
            if (exists(connection, table)) {
                return;
            }
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String on = "CREATE INDEX " + INDEX + " ON " + table;
            String ddl = product.contains("postgres") ? on + " USING HASH (PARAMETER_VALUE)"
                    : product.contains("mariadb") || product.contains("mysql") ? on + " (PARAMETER_VALUE(64))"
                    : on + " (PARAMETER_VALUE)";
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl);
            } catch (SQLException e) {
                if (exists(connection, table)) {
                    return; // another process (a fleet's worker) created it meanwhile
                }
                throw e;
            }
            LOG.info("job repository: index {} created on {}", INDEX, table);
        } catch (SQLException e) {
            LOG.warn("job repository: index {} could not be created ({}); a site's last run is then found by a "
                    + "scan of the parameters table", INDEX, e.getMessage());
        }
    }

    /** Whether the table has our index; names as the database stores them (upper or lower case). */
    private static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : List.of(table, table.toLowerCase(Locale.ROOT))) {
            // this database's own tables only: a server holds other repositories' too
            try (ResultSet rs = meta.getIndexInfo(connection.getCatalog(), connection.getSchema(), name, false, true)) {
                while (rs.next()) {
                    if (INDEX.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
