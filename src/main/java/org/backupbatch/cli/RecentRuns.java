package org.backupbatch.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The recent runs of a job repository as plain read-only SQL over Spring Batch's {@code BATCH_*}
 * tables (the same for the per-site HSQLDB file and a shared MariaDB or PostgreSQL): no Spring
 * context, no {@code JobRepository} (whose factory expects to own a transaction manager and the
 * schema). Newest first; each run with its parameters and its steps.
 */
final class RecentRuns {

    /** Executions are read in pages of this many, newest first, until enough concern the site. */
    private static final int PAGE = 200;

    /**
     * One execution of a job.
     *
     * @param params the job parameters, by name, as strings
     * @param error  the exit description's first line (the failure), or null
     */
    record Run(long executionId, long instanceId, String job, Map<String, String> params, String status,
            Instant start, Instant end, String error, List<Step> steps) {

        /** From start to end, or to now while it runs; null when it never started. */
        Duration duration() {
            return start == null ? null : Duration.between(start, end != null ? end : Instant.now());
        }

        /** The first step that FAILED or STOPPED, or null. */
        Step failedStep() {
            return steps.stream().filter(s -> s.status().equals("FAILED") || s.status().equals("STOPPED"))
                    .findFirst().orElse(null);
        }
    }

    /** One step execution; {@code error} as for a run. */
    record Step(String name, String status, Instant start, Instant end, String error) {

        Duration duration() {
            return start == null ? null : Duration.between(start, end != null ? end : Instant.now());
        }
    }

    private final Connection connection;
    private final String prefix;

    /** @param prefix the tables' prefix, {@code BATCH_} unless the repository was made with another */
    RecentRuns(Connection connection, String prefix) {
        this.connection = connection;
        this.prefix = prefix;
    }

    /** The {@code limit} newest runs that {@code concerns} accepts (from their job and parameters), newest first. */
    List<Run> read(Predicate<Run> concerns, int limit) throws SQLException {
        List<Run> runs = new ArrayList<>();
        String sql = "SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, i.JOB_NAME, e.STATUS, e.START_TIME, e.END_TIME, "
                + "e.EXIT_MESSAGE FROM " + prefix + "JOB_EXECUTION e JOIN " + prefix + "JOB_INSTANCE i "
                + "ON e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID ORDER BY e.JOB_EXECUTION_ID DESC";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(PAGE);
            try (ResultSet rs = statement.executeQuery()) {
                List<Run> page = new ArrayList<>();
                boolean more = true;
                while (runs.size() < limit && more) {
                    more = rs.next();
                    if (more) {
                        page.add(new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), Map.of(), rs.getString(4),
                                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), firstLine(rs.getString(7)),
                                List.of()));
                    }
                    if (page.size() == PAGE || (!more && !page.isEmpty())) {
                        addConcerning(page, concerns, limit, runs);
                        page.clear();
                    }
                }
            }
        }
        return runs;
    }

    /** The runs of these job executions (ids read from the repository), with their parameters and steps, newest first. */
    List<Run> executions(java.util.Collection<Long> ids) throws SQLException {
        List<Run> page = new ArrayList<>();
        if (ids.isEmpty()) {
            return page;
        }
        String sql = "SELECT e.JOB_EXECUTION_ID, e.JOB_INSTANCE_ID, i.JOB_NAME, e.STATUS, e.START_TIME, e.END_TIME, "
                + "e.EXIT_MESSAGE FROM " + prefix + "JOB_EXECUTION e JOIN " + prefix + "JOB_INSTANCE i "
                + "ON e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID WHERE e.JOB_EXECUTION_ID IN (" + String.join(",",
                        ids.stream().map(String::valueOf).toList()) + ") ORDER BY e.JOB_EXECUTION_ID DESC";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                page.add(new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), Map.of(), rs.getString(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), firstLine(rs.getString(7)), List.of()));
            }
        }
        List<Run> runs = new ArrayList<>();
        addConcerning(page, run -> true, page.size(), runs);
        return runs;
    }

    private void addConcerning(List<Run> page, Predicate<Run> concerns, int limit, List<Run> runs)
            throws SQLException {
        Map<Long, Map<String, String>> params = params(page);
        List<Run> kept = new ArrayList<>();
        for (Run r : page) {
            Run run = new Run(r.executionId(), r.instanceId(), r.job(), params.getOrDefault(r.executionId(), Map.of()),
                    r.status(), r.start(), r.end(), r.error(), List.of());
            if (kept.size() + runs.size() < limit && concerns.test(run)) {
                kept.add(run);
            }
        }
        Map<Long, List<Step>> steps = steps(kept);
        for (Run r : kept) {
            runs.add(new Run(r.executionId(), r.instanceId(), r.job(), r.params(), r.status(), r.start(), r.end(),
                    r.error(), steps.getOrDefault(r.executionId(), List.of())));
        }
    }

    /**
     * Runs read from several repositories (a site's own and its drills'), newest start first, the
     * first {@code limit}. A run not started yet counts as the newest; equal starts keep their order.
     */
    static List<Run> newestFirst(List<Run> runs, int limit) {
        return runs.stream().sorted(Comparator.comparing((Run r) -> r.start() == null ? Instant.MAX
                : r.start()).reversed()).limit(limit).toList();
    }

    private Map<Long, Map<String, String>> params(List<Run> runs) throws SQLException {
        Map<Long, Map<String, String>> params = new HashMap<>();
        String sql = "SELECT JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_VALUE FROM " + prefix
                + "JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (" + ids(runs) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                params.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return params;
    }

    private Map<Long, List<Step>> steps(List<Run> runs) throws SQLException {
        Map<Long, List<Step>> steps = new HashMap<>();
        if (runs.isEmpty()) {
            return steps;
        }
        String sql = "SELECT JOB_EXECUTION_ID, STEP_NAME, STATUS, START_TIME, END_TIME, EXIT_MESSAGE FROM " + prefix
                + "STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (" + ids(runs) + ") ORDER BY STEP_EXECUTION_ID";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                steps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Step(rs.getString(2),
                        rs.getString(3), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
                        firstLine(rs.getString(6))));
            }
        }
        return steps;
    }

    /** Numbers read from the repository itself: no text of anyone's goes into the SQL. */
    private static String ids(List<Run> runs) {
        return String.join(",", runs.stream().map(r -> Long.toString(r.executionId())).toList());
    }

    /** Spring Batch writes local date-times in the writer's zone: this machine's, for a local repository. */
    static Instant instant(Timestamp t) {
        return t == null ? null : t.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant();
    }

    /**
     * The first line of an exit description (a stack trace for a failure), without the exception's
     * class name: {@code org.backupbatch.errors.FatalError: mysqldump failed: …} gives {@code
     * mysqldump failed: …}. Null when empty.
     */
    static String firstLine(String exitMessage) {
        if (exitMessage == null || exitMessage.isBlank()) {
            return null;
        }
        String line = exitMessage.strip().lines().findFirst().orElse("");
        return line.replaceFirst("^(?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error)[\\w$]*: ", "");
    }
}
