package org.backupbatch.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;

/**
 * What a job repository recorded, read after the runs ended: step execution counts (how often
 * each step was executed: a completed step that a restart skips is not executed again) and job
 * execution statuses. Either a MariaDB database given to the tool as
 * {@code spring.datasource.url}, or a site's HSQLDB file opened read-only.
 */
final class RunRecords {

    private final String mariadbSchema;
    private final Path hsqldbFile;

    private RunRecords(String mariadbSchema, Path hsqldbFile) {
        this.mariadbSchema = mariadbSchema;
        this.hsqldbFile = hsqldbFile;
    }

    /** A repository in the test MariaDB, in its own database (dropped by {@link #drop()}). */
    static RunRecords mariadb(String schema) {
        return new RunRecords(schema, null);
    }

    /** The default repository of a site: {@code <home>/.backup-batch/sites/<site>/repository}. */
    static RunRecords hsqldb(Path home, String site) {
        return new RunRecords(null, home.resolve(".backup-batch/sites").resolve(site).resolve("repository"));
    }

    /** The repository of a fleet on one machine: {@code <home>/.backup-batch/fleet/repository}. */
    static RunRecords fleet(Path home) {
        return new RunRecords(null, home.resolve(".backup-batch/fleet/repository"));
    }

    /**
     * Every run of the backup job, oldest first: site, start and end (ISO local date-times, end
     * null while running) and status; what a fleet's caps are checked against.
     */
    List<String[]> backupRuns() throws SQLException {
        return query("SELECT P.PARAMETER_VALUE, E.START_TIME, E.END_TIME, E.STATUS FROM " + prefix()
                + "BATCH_JOB_EXECUTION E JOIN " + prefix() + "BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = "
                + "I.JOB_INSTANCE_ID JOIN " + prefix() + "BATCH_JOB_EXECUTION_PARAMS P ON P.JOB_EXECUTION_ID = "
                + "E.JOB_EXECUTION_ID WHERE I.JOB_NAME = 'backup' AND P.PARAMETER_NAME = 'site' "
                + "ORDER BY E.JOB_EXECUTION_ID");
    }

    /** The words that make the tool use this repository (MariaDB only). */
    List<String> words() {
        return List.of("spring.datasource.url=jdbc:mariadb://127.0.0.1:3306/" + mariadbSchema
                + "?createDatabaseIfNotExist=true", "spring.datasource.username=root");
    }

    /** Step name → how many executions of it were recorded. */
    Map<String, Integer> stepCounts() throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String[] row : query("SELECT STEP_NAME, COUNT(*) FROM " + prefix()
                + "BATCH_STEP_EXECUTION GROUP BY STEP_NAME")) {
            counts.put(row[0], Integer.parseInt(row[1]));
        }
        return counts;
    }

    /** The statuses of the job executions, oldest first. */
    List<String> jobStatuses() throws SQLException {
        return query("SELECT STATUS FROM " + prefix() + "BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID").stream()
                .map(r -> r[0]).toList();
    }

    /** The execution context of the last job execution, read back as the tool serialized it. */
    Map<String, Object> lastJobContext() throws SQLException, IOException {
        List<String[]> rows = query("SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM " + prefix()
                + "BATCH_JOB_EXECUTION_CONTEXT ORDER BY JOB_EXECUTION_ID DESC");
        if (rows.isEmpty()) {
            throw new AssertionError("no job execution context recorded");
        }
        String stored = rows.get(0)[1] != null ? rows.get(0)[1] : rows.get(0)[0];
        return new DefaultExecutionContextSerializer().deserialize(
                new ByteArrayInputStream(stored.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * Rewrites the last run as a process killed during {@code step} leaves it: that step and the
     * job STARTED, with no end; the steps after it never began. Only when no run is going on.
     */
    void killedDuring(String step) throws SQLException {
        String stepId = query("SELECT MAX(STEP_EXECUTION_ID) FROM " + prefix() + "BATCH_STEP_EXECUTION WHERE STEP_NAME = '"
                + step + "'").get(0)[0];
        String jobId = query("SELECT JOB_EXECUTION_ID FROM " + prefix() + "BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = "
                + stepId).get(0)[0];
        String later = "SELECT STEP_EXECUTION_ID FROM " + prefix() + "BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = "
                + jobId + " AND STEP_EXECUTION_ID > " + stepId;
        List<String> laterIds = query(later).stream().map(r -> r[0]).toList();
        List<String> updates = new ArrayList<>();
        if (!laterIds.isEmpty()) {
            String ids = String.join(",", laterIds);
            updates.add("DELETE FROM " + prefix() + "BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (" + ids + ")");
            updates.add("DELETE FROM " + prefix() + "BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID IN (" + ids + ")");
        }
        updates.add("UPDATE " + prefix() + "BATCH_STEP_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'EXECUTING', "
                + "END_TIME = NULL WHERE STEP_EXECUTION_ID = " + stepId);
        updates.add("UPDATE " + prefix() + "BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN', "
                + "END_TIME = NULL WHERE JOB_EXECUTION_ID = " + jobId);
        update(updates);
    }

    /**
     * Every text a run may have left in the repository, to search for what must not be there: the
     * job parameters, the exit messages (stack traces of failures) and every job and step
     * execution context, both deserialized as the tool reads them and as the raw serialized bytes.
     */
    String dump() throws SQLException, IOException {
        StringBuilder all = new StringBuilder();
        for (String[] row : query("SELECT PARAMETER_NAME, PARAMETER_VALUE FROM " + prefix()
                + "BATCH_JOB_EXECUTION_PARAMS")) {
            all.append(row[0]).append('=').append(row[1]).append('\n');
        }
        for (String table : List.of("BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION")) {
            for (String[] row : query("SELECT EXIT_MESSAGE FROM " + prefix() + table)) {
                all.append(row[0]).append('\n');
            }
        }
        for (String table : List.of("BATCH_JOB_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION_CONTEXT")) {
            for (String[] row : query("SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM " + prefix() + table)) {
                String stored = row[1] != null && !row[1].equals("NULL") ? row[1] : row[0];
                all.append(new DefaultExecutionContextSerializer().deserialize(
                        new ByteArrayInputStream(stored.getBytes(StandardCharsets.ISO_8859_1)))).append('\n');
                all.append(new String(java.util.Base64.getDecoder().decode(stored), StandardCharsets.ISO_8859_1))
                        .append('\n');
            }
        }
        return all.toString();
    }

    void drop() {
        if (mariadbSchema != null) {
            Database.sql("DROP DATABASE IF EXISTS `" + mariadbSchema + "`");
        }
    }

    private String prefix() {
        return mariadbSchema != null ? "`" + mariadbSchema + "`." : "";
    }

    private void update(List<String> statements) throws SQLException {
        if (mariadbSchema != null) {
            Database.sql(String.join(";\n", statements));
            return;
        }
        String url = "jdbc:hsqldb:file:" + hsqldbFile + ";shutdown=true;ifexists=true;hsqldb.lock_file=false";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    private List<String[]> query(String sql) throws SQLException {
        if (mariadbSchema != null) {
            return Database.sql(sql).lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
        }
        String url = "jdbc:hsqldb:file:" + hsqldbFile + ";readonly=true;shutdown=true;ifexists=true";
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
