package org.backupbatch.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.backupbatch.backup.FleetKeys;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;

/**
 * A fleet night as its job repository recorded it, read with plain read-only SQL (as {@link
 * RecentRuns}, no Spring context): the night's last {@code fleetBackup} execution, each site's
 * partition ({@code fleetSite:<site>}, the last execution of it in the night, with who ran it and
 * its outcome) and the site's own backup run that the partition names.
 *
 * @param fleet      the night's last execution of the fleet job
 * @param night      its {@code night=} parameter
 * @param selection  {@code all} or the group's name
 * @param partitions one per site, by site name
 */
record FleetNight(RecentRuns.Run fleet, String night, String selection, List<Partition> partitions) {

    /**
     * One site's partition.
     *
     * @param status      the partition's status ({@code COMPLETED}, {@code FAILED}, {@code STARTED}, …)
     * @param code        the site's exit code (0–3), or -1 when it did not end (not run, or running)
     * @param earlier     it ended in an earlier run of the night
     * @param context     the partition's execution context
     * @param run         the site's backup run it names, or null
     * @param runContext  that run's job execution context (what the summary line shows), empty without one
     * @param leased      the site's lease in a shared repository is held and not expired ({@link SiteLease})
     */
    record Partition(String site, String status, int code, boolean earlier, Map<String, Object> context,
            RecentRuns.Run run, Map<String, Object> runContext, boolean leased) {

        String runnerHost() {
            Object host = context.getOrDefault(FleetKeys.RUNNER_HOST, context.get(FleetKeys.WORKER));
            return host == null ? null : host.toString();
        }

        Long runnerPid() {
            return context.get(FleetKeys.RUNNER_PID) instanceof Number n ? n.longValue() : null;
        }

        String error() {
            Object error = context.get(FleetKeys.SITE_ERROR);
            return error == null ? null : error.toString();
        }
    }

    private static final DefaultExecutionContextSerializer CONTEXTS = new DefaultExecutionContextSerializer();

    /**
     * The night of {@code selection}: the one named, or the last one run ({@code night} null).
     * Null when the repository holds no such night.
     *
     * @param prefix the tables' prefix, {@code BATCH_} unless the repository was made with another
     */
    static FleetNight read(Connection connection, String prefix, String selection, String night)
            throws SQLException, IOException {
        String sql = "SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, n.PARAMETER_VALUE FROM " + prefix
                + "JOB_EXECUTION e JOIN " + prefix + "JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID JOIN "
                + prefix + "JOB_EXECUTION_PARAMS s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID JOIN " + prefix
                + "JOB_EXECUTION_PARAMS n ON n.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID WHERE i.JOB_NAME = ? "
                + "AND s.PARAMETER_NAME = ? AND s.PARAMETER_VALUE = ? AND n.PARAMETER_NAME = ?"
                + (night == null ? "" : " AND n.PARAMETER_VALUE = ?") + " ORDER BY e.JOB_EXECUTION_ID DESC";
        long instance;
        String found;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, FleetKeys.JOB);
            statement.setString(2, FleetKeys.PARAM_SITES);
            statement.setString(3, selection);
            statement.setString(4, FleetKeys.PARAM_NIGHT);
            if (night != null) {
                statement.setString(5, night);
            }
            statement.setMaxRows(1);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                instance = rs.getLong(2);
                found = rs.getString(3);
            }
        }
        List<Long> executions = longs(connection, "SELECT JOB_EXECUTION_ID FROM " + prefix
                + "JOB_EXECUTION WHERE JOB_INSTANCE_ID = " + instance);
        RecentRuns runs = new RecentRuns(connection, prefix);
        RecentRuns.Run fleet = runs.executions(List.of(executions.stream().max(Long::compare).orElseThrow())).get(0);
        return new FleetNight(fleet, found, selection, partitions(connection, prefix, runs, executions,
                fleet.executionId()));
    }

    /** A partition's row: the fleet execution it ran in, its status and context. */
    private record Row(String site, long fleetExecution, String status, Map<String, Object> context) {

        Long siteRun() {
            return context.get(FleetKeys.SITE_EXECUTION) instanceof Number n ? n.longValue() : null;
        }
    }

    /** The last execution of each site's partition in the night's executions, by site name. */
    private static List<Partition> partitions(Connection connection, String prefix, RecentRuns runs,
            List<Long> executions, long last) throws SQLException, IOException {
        Map<String, Row> bySite = new TreeMap<>();
        String sql = "SELECT s.STEP_NAME, s.JOB_EXECUTION_ID, s.STATUS, c.SHORT_CONTEXT, c.SERIALIZED_CONTEXT FROM "
                + prefix + "STEP_EXECUTION s LEFT JOIN " + prefix + "STEP_EXECUTION_CONTEXT c ON c.STEP_EXECUTION_ID "
                + "= s.STEP_EXECUTION_ID WHERE s.JOB_EXECUTION_ID IN (" + ids(executions) + ") AND s.STEP_NAME LIKE ? "
                + "ORDER BY s.STEP_EXECUTION_ID";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, FleetKeys.STEP_SITE + ":%");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) { // in order: a later execution of a partition replaces an earlier one
                    String site = rs.getString(1).substring(FleetKeys.STEP_SITE.length() + 1);
                    bySite.put(site, new Row(site, rs.getLong(2), rs.getString(3),
                            context(rs.getString(4), rs.getString(5))));
                }
            }
        }
        List<Long> siteRunIds = bySite.values().stream().map(Row::siteRun).filter(java.util.Objects::nonNull)
                .toList();
        Map<Long, RecentRuns.Run> siteRuns = new HashMap<>();
        runs.executions(siteRunIds).forEach(r -> siteRuns.put(r.executionId(), r));
        Map<Long, Map<String, Object>> siteContexts = jobContexts(connection, prefix, siteRunIds);
        java.util.Set<String> leased = leased(connection);
        List<Partition> partitions = new ArrayList<>();
        for (Row row : bySite.values()) {
            int code = row.context().get(FleetKeys.SITE_CODE) instanceof Number n ? n.intValue() : -1;
            partitions.add(new Partition(row.site(), row.status(), code, code == 0 && row.fleetExecution() != last,
                    row.context(), siteRuns.get(row.siteRun()), siteContexts.getOrDefault(row.siteRun(), Map.of()),
                    leased.contains(row.site())));
        }
        return partitions;
    }

    private static Map<Long, Map<String, Object>> jobContexts(Connection connection, String prefix,
            Collection<Long> executions) throws SQLException, IOException {
        Map<Long, Map<String, Object>> contexts = new HashMap<>();
        if (executions.isEmpty()) {
            return contexts;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT JOB_EXECUTION_ID, SHORT_CONTEXT, "
                + "SERIALIZED_CONTEXT FROM " + prefix + "JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN ("
                + ids(executions) + ")"); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                contexts.put(rs.getLong(1), context(rs.getString(2), rs.getString(3)));
            }
        }
        return contexts;
    }

    /** The sites whose lease is live now, by the database's clock; none where there is no lease table (HSQLDB). */
    private static java.util.Set<String> leased(Connection connection) {
        java.util.Set<String> sites = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT SITE FROM " + SiteLease.TABLE
                + " WHERE EXPIRES > CURRENT_TIMESTAMP"); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                sites.add(rs.getString(1));
            }
        } catch (SQLException e) {
            // no lease table: a local fleet's repository, where the pid tells instead
        }
        return sites;
    }

    /** An execution context as Spring Batch's default serializer wrote it (the long column when it was too long). */
    static Map<String, Object> context(String shortContext, String serialized) throws IOException {
        String text = serialized != null ? serialized : shortContext;
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        return CONTEXTS.deserialize(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static List<Long> longs(Connection connection, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    /** Numbers read from the repository itself: no text of anyone's goes into the SQL. */
    private static String ids(Collection<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
