package org.backupbatch.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;

/**
 * Creates the job repository's tables when they are missing, and only then. Boot's initializer
 * with {@code spring.batch.jdbc.initialize-schema=always} runs the whole schema script on every
 * start and ignores the "already exists" errors: on the file HSQLDB that is a good part of the
 * start-up time of every run, for nothing after the first. Here one cheap query per object of the
 * script tells whether it is all there (any database: the query is plain SQL); a repository
 * missing any of them gets the script, whose errors on what exists are ignored as before.
 */
class BatchSchema extends BatchDataSourceScriptDatabaseInitializer {

    /** Every table (and sequence) that Spring Batch 6's schema scripts create, the last one last. */
    private static final List<String> OBJECTS = List.of("BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION",
            "BATCH_JOB_EXECUTION_PARAMS", "BATCH_STEP_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT",
            "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION_SEQ", "BATCH_JOB_EXECUTION_SEQ",
            "BATCH_JOB_INSTANCE_SEQ");

    private final DataSource dataSource;
    private final String prefix;

    BatchSchema(DataSource dataSource, BatchJdbcProperties properties) {
        super(dataSource, properties);
        this.dataSource = dataSource;
        this.prefix = prefix(properties);
    }

    /** Then our index, when missing ({@link RunIndex}): a site's last run found by one query. */
    @Override
    public boolean initializeDatabase() {
        boolean initialized = !complete(dataSource) && super.initializeDatabase();
        RunIndex.createIndex(dataSource, prefix);
        return initialized;
    }

    /** The tables' prefix: {@code spring.batch.jdbc.table-prefix}, else {@code BATCH_}. */
    static String prefix(BatchJdbcProperties properties) {
        String prefix = properties.getTablePrefix();
        return prefix == null || prefix.isBlank() ? "BATCH_" : prefix;
    }

    /** Whether every object of the schema can be read (a missing one, or no connection: false). */
    static boolean complete(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String object : OBJECTS) {
                statement.executeQuery("SELECT 1 FROM " + object + " WHERE 1 = 0").close();
            }
            return true;
        } catch (SQLException e) {
            return false; // the script runs, and reports what is really wrong
        }
    }
}
