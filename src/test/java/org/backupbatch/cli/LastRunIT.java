package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.backupbatch.backup.BackupKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A site's last run found by {@link Launcher#lastExecution} in a repository of 500 sites x 30
 * nights (15 000 backup instances, seeded with SQL) on HSQLDB, PostgreSQL (database {@code
 * bbfl_bench}) and MariaDB (database {@code bbfl_bench}): the same run as the former scan of every
 * instance, newest first, found, and the times of both printed ({@code [bench]} lines in
 * {@code target/failsafe-reports/*LastRunIT-output.txt}). The scan for a site whose only run is the
 * oldest runs only with {@code -Dbench.deep=true}: it takes minutes.
 */
class LastRunIT {

    private static final int SITES = 500;
    private static final int NIGHTS = 30;

    @TempDir
    Path folder;

    @Test
    void findsTheSameLastRunAsTheScanOnHsqldb() throws Exception {
        bench("hsqldb", "jdbc:hsqldb:file:" + folder.resolve("repository") + ";shutdown=true", "sa", "hsqldb");
    }

    @Test
    void findsTheSameLastRunAsTheScanOnPostgres() throws Exception {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (SingleConnectionDataSource ds = new SingleConnectionDataSource(admin, "postgres", "", true)) {
            execute(ds, "DROP DATABASE IF EXISTS bbfl_bench WITH (FORCE)", "CREATE DATABASE bbfl_bench");
            try {
                bench("postgresql", "jdbc:postgresql://127.0.0.1:5432/bbfl_bench", "postgres", "postgresql");
            } finally {
                execute(ds, "DROP DATABASE IF EXISTS bbfl_bench WITH (FORCE)");
            }
        }
    }

    @Test
    void findsTheSameLastRunAsTheScanOnMariadb() throws Exception {
        String admin = "jdbc:mariadb://127.0.0.1:3306/";
        try (SingleConnectionDataSource ds = new SingleConnectionDataSource(admin, "root", "", true)) {
            execute(ds, "DROP DATABASE IF EXISTS bbfl_bench", "CREATE DATABASE bbfl_bench");
            try {
                bench("mariadb", "jdbc:mariadb://127.0.0.1:3306/bbfl_bench", "root", "mariadb");
            } finally {
                execute(ds, "DROP DATABASE IF EXISTS bbfl_bench");
            }
        }
    }

    private void bench(String name, String url, String user, String script) throws Exception {
        try (SingleConnectionDataSource ds = new SingleConnectionDataSource(url, user, "", true)) {
            // given: the schema, our index, 500 sites x 30 nights, and a site whose only run is the oldest
            new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-" + script
                    + ".sql")).execute(ds);
            RunIndex.createIndex(ds, "BATCH_");
            seed(ds);
            JobRepository repository = repository(ds);
            Launcher launcher = new Launcher(null, repository, new RunIndex(ds, "BATCH_"));
            for (String site : List.of("site-" + (SITES - 1), "site-0", "site-retired")) {
                Predicate<JobParameters> sameSite = p -> site.equals(p.getString(BackupKeys.PARAM_SITE));
                // when
                long t0 = System.nanoTime();
                // the retired site's scan reads all 15 001 instances: 31 s (MariaDB) to 212 s
                // (PostgreSQL) on a loaded 2-core machine; only with -Dbench.deep=true
                boolean deep = site.equals("site-retired");
                JobExecution scanned = deep && !Boolean.getBoolean("bench.deep") ? null : scan(repository, sameSite);
                long t1 = System.nanoTime();
                JobExecution found = launcher.lastExecution(BackupKeys.JOB,
                        new Launcher.Key(BackupKeys.PARAM_SITE, site), sameSite);
                long t2 = System.nanoTime();
                // then
                assertThat(found).isNotNull();
                assertThat(found.getId()).isEqualTo(scanned != null ? scanned.getId() : 1L);
                System.out.printf("[bench] %s %d instances, last run of %s (execution %d): scan %s ms, indexed "
                        + "query %d ms%n", name, SITES * NIGHTS + 1, site, found.getId(),
                        scanned == null ? "(not run)" : (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            }
        }
    }

    /** The former lookup: every instance of the job, newest first, in pages of 100. */
    private static JobExecution scan(JobRepository repository, Predicate<JobParameters> sameSite) {
        for (int start = 0; ; start += 100) {
            List<JobInstance> instances = repository.getJobInstances(BackupKeys.JOB, start, 100);
            for (JobInstance instance : instances) {
                JobExecution execution = repository.getLastJobExecution(instance);
                if (execution != null && sameSite.test(execution.getJobParameters())) {
                    return execution;
                }
            }
            if (instances.size() < 100) {
                return null;
            }
        }
    }

    /** Night n's run of site s is instance n*500+s+2; the retired site's is instance 1. */
    private static void seed(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement instance = c.prepareStatement("INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, "
                        + "VERSION, JOB_NAME, JOB_KEY) VALUES (?, 0, 'backup', ?)");
                PreparedStatement execution = c.prepareStatement("INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, "
                        + "VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, END_TIME, STATUS, EXIT_CODE, "
                        + "EXIT_MESSAGE, LAST_UPDATED) VALUES (?, 1, ?, ?, ?, ?, 'COMPLETED', 'COMPLETED', '', ?)");
                PreparedStatement param = c.prepareStatement("INSERT INTO BATCH_JOB_EXECUTION_PARAMS "
                        + "(JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING) "
                        + "VALUES (?, ?, 'java.lang.String', ?, 'Y')")) {
            c.setAutoCommit(false);
            add(instance, execution, param, 1, "site-retired", LocalDateTime.of(2025, 12, 1, 2, 0));
            for (int night = 0; night < NIGHTS; night++) {
                for (int s = 0; s < SITES; s++) {
                    add(instance, execution, param, 2 + night * SITES + s, "site-" + s,
                            LocalDateTime.of(2026, 1, 1, 2, 0).plusDays(night).plusSeconds(s));
                }
                instance.executeBatch();
                execution.executeBatch();
                param.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    private static void add(PreparedStatement instance, PreparedStatement execution, PreparedStatement param, long id,
            String site, LocalDateTime time) throws SQLException {
        instance.setLong(1, id);
        instance.setString(2, String.format("%032d", id));
        instance.addBatch();
        Timestamp t = Timestamp.valueOf(time);
        execution.setLong(1, id);
        execution.setLong(2, id);
        for (int i = 3; i <= 6; i++) {
            execution.setTimestamp(i, t);
        }
        execution.addBatch();
        for (String[] p : List.of(new String[] {BackupKeys.PARAM_SITE, site},
                new String[] {BackupKeys.PARAM_ID, time.toString()})) {
            param.setLong(1, id);
            param.setString(2, p[0]);
            param.setString(3, p[1]);
            param.addBatch();
        }
    }

    private static JobRepository repository(DataSource ds) throws Exception {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(ds);
        factory.setTransactionManager(new JdbcTransactionManager(ds));
        factory.afterPropertiesSet();
        return factory.getObject();
    }

    private static void execute(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement statement = c.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }
}
