package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.DefaultResourceLoader;

/** The job repository's schema script runs on a file HSQLDB only while a table is missing. */
class BatchSchemaTest {

    @TempDir
    Path tmp;

    @Test
    void theScriptRunsOnAnEmptyRepositoryAndNotAgainOnAComplete() throws Exception {
        // given: a file HSQLDB as the launcher makes it
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:file:" + tmp.resolve("repository") + ";shutdown=true;hsqldb.lock_file=false");
        dataSource.setUser("sa");
        // when / then
        assertThat(BatchSchema.complete(dataSource)).isFalse();
        assertThat(initializer(dataSource).initializeDatabase()).as("first start: script run").isTrue();
        assertThat(BatchSchema.complete(dataSource)).isTrue();
        assertThat(initializer(dataSource).initializeDatabase()).as("later starts: nothing run").isFalse();
    }

    @Test
    void aRepositoryMissingOneTableGetsTheScript() throws Exception {
        // given
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:file:" + tmp.resolve("repository") + ";shutdown=true;hsqldb.lock_file=false");
        dataSource.setUser("sa");
        initializer(dataSource).initializeDatabase();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE BATCH_JOB_INSTANCE_SEQ");
        }
        // when
        boolean ran = initializer(dataSource).initializeDatabase();
        // then
        assertThat(ran).isTrue();
        assertThat(BatchSchema.complete(dataSource)).isTrue();
    }

    private static BatchSchema initializer(JDBCDataSource dataSource) {
        BatchJdbcProperties properties = new BatchJdbcProperties();
        properties.setInitializeSchema(DatabaseInitializationMode.ALWAYS);
        BatchSchema schema = new BatchSchema(dataSource, properties);
        schema.setResourceLoader(new DefaultResourceLoader());
        return schema;
    }
}
