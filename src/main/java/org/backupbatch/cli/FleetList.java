package org.backupbatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.backup.BackupKeys;

/**
 * {@code job=list site=all} (or {@code sites=<group>}) {@code [night=YYYY-MM-DD] [format=json]}: a
 * fleet night as its repository recorded it ({@link FleetNight}): per site its status, the host and
 * pid that ran it, its duration and archive, and for the ones that did not complete the error and
 * the command that resumes them (the night's own: re-running it resumes only those sites); then
 * the fleet's line, as {@code job=backup site=all} ends. The repository is the shared one ({@code
 * spring.datasource.url=}) or the local fleet's, {@code <home>/.backup-batch/fleet/}, read-only as
 * {@link ReadOnlyRepository} reads a site's. The night is the one named, else the last one run.
 * Exit 0 when the night was read; 1 when there is none, or the repository cannot be read.
 */
final class FleetList {

    private final CommandLine command;
    private final Map<String, String> env;

    FleetList(CommandLine command, Map<String, String> env) {
        this.command = command;
        this.env = env;
    }

    /** Whether these words of {@code job=list} ask for a fleet night: site=all, sites= or night=. */
    static boolean asked(Map<String, String> params) {
        return ListCommand.ALL.equals(params.get("site")) || params.containsKey("sites") || params.containsKey("night");
    }

    int run(PrintStream out, PrintStream err) {
        String selection = FleetWords.selection(command.params());
        String night = command.params().containsKey("night") ? FleetWords.night(command.params()).toString() : null;
        Summary failed = new Summary("list").add("site", command.site()).add("sites", command.params().get("sites"))
                .add("night", night).add("status", "FAILED");
        FleetNight read;
        try {
            read = read(selection, night);
        } catch (IOException | SQLException e) {
            String error = "cannot read the fleet's job repository " + where() + ": " + e.getMessage();
            err.println("error: " + ShownWords.masked(error));
            out.println(failed.add("error", error));
            return ExitCodes.FAILED;
        }
        if (read == null) {
            String error = (night == null ? "no fleet night" : "no fleet night " + night) + " of sites=" + selection
                    + " in " + where() + " (job=backup site=all records its nights there; job=list without site= "
                    + "lists each site's backups and runs)";
            err.println("error: " + ShownWords.masked(error));
            out.println(failed.add("error", error));
            return ExitCodes.FAILED;
        }
        List<Map<String, Object>> sites = read.partitions().stream().map(p -> site(p, read)).toList();
        Summary line = fleetLine(read, sites);
        if ("json".equals(command.params().get("format"))) {
            out.println(json(read, sites, line));
        } else {
            table(read, sites, out);
        }
        out.println(line);
        return ExitCodes.COMPLETED;
    }

    private FleetNight read(String selection, String night) throws IOException, SQLException {
        ReadOnlyRepository opened = command.repositoryUrl() != null
                ? ReadOnlyRepository.ofUrl(command.repositoryUrl(), command.springProperties(), env)
                : ReadOnlyRepository.ofFolder(FleetWords.repository(command.home()));
        try (ReadOnlyRepository repository = opened) {
            if (repository == null) {
                return null;
            }
            String prefix = command.springProperties().getOrDefault("spring.batch.jdbc.table-prefix", "BATCH_");
            return FleetNight.read(repository.connection(), prefix, selection, night);
        }
    }

    private String where() {
        return command.repositoryUrl() != null ? "(spring.datasource.url)"
                : FleetWords.repository(command.home()).toString();
    }

    /** One site of the night, with the fields of its JSON object (the table shows some of them). */
    private Map<String, Object> site(FleetNight.Partition p, FleetNight night) {
        RecentRuns.Run run = p.run();
        Map<String, Object> ctx = p.runContext();
        RecentRuns.Step step = run == null ? null : run.failedStep();
        boolean completed = p.code() == ExitCodes.COMPLETED;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", p.site());
        String status = status(p);
        m.put("status", status);
        m.put("exit_code", p.code() < 0 ? null : p.code());
        m.put("worker", p.runnerHost());
        m.put("pid", p.runnerPid());
        m.put("run", p.earlier() ? "earlier" : null);
        m.put("execution_id", run == null ? null : run.executionId());
        m.put("backup", run == null ? null : run.params().get(BackupKeys.PARAM_ID));
        m.put("start", ListOutput.iso(run == null ? null : run.start()));
        m.put("end", ListOutput.iso(run == null ? null : run.end()));
        m.put("duration_seconds", ListOutput.secondsValue(run == null ? null : run.duration()));
        m.put("archive", completed ? ctx.get(BackupKeys.ARCHIVE_PATH) : null);
        m.put("files", ctx.get(BackupKeys.FILES_REGULAR));
        m.put("bytes", ctx.get(BackupKeys.FILES_BYTES));
        m.put("db_bytes", ctx.get(BackupKeys.DB_BYTES));
        m.put("warnings", completed ? ctx.get(BackupKeys.WARNINGS_COUNT) : null);
        m.put("failed_step", completed || step == null ? null : step.name());
        String error = p.error() != null ? p.error() : step != null && step.error() != null ? step.error()
                : run == null ? null : run.error();
        m.put("error", completed ? null : ShownWords.masked(error));
        m.put("resume", completed || status.equals("RUNNING") ? null : resume(night).rerunCommand());
        return m;
    }

    /** As the fleet's own report names it: the site's exit, else how far its partition got. */
    private String status(FleetNight.Partition p) {
        if (p.code() > ExitCodes.COMPLETED && p.run() != null && !p.run().status().equals("COMPLETED")) {
            return p.run().status(); // as FleetReport: the site's run says how it ended
        }
        return switch (p.code()) {
            case ExitCodes.COMPLETED -> "COMPLETED";
            case ExitCodes.BAD_CONFIGURATION -> "INVALID";
            case ExitCodes.ALREADY_RUNNING -> "ALREADY_RUNNING";
            case -1 -> !p.status().equals("STARTED") ? "NOT_RUN" : alive(p) ? "RUNNING" : "INTERRUPTED";
            default -> "FAILED";
        };
    }

    /**
     * Whether the process that runs a started partition is alive: its lease is live (a shared
     * repository), or it is a process of this host (a local fleet). Else the night's re-run
     * recovers and resumes it.
     */
    private boolean alive(FleetNight.Partition p) {
        Long pid = p.runnerPid();
        return p.leased() || command.repositoryUrl() == null && pid != null && SiteLease.host(env).equals(
                p.runnerHost()) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The fleet's line, with the tokens of {@code job=backup site=all}'s last line (and {@code running=}). */
    private Summary fleetLine(FleetNight night, List<Map<String, Object>> sites) {
        long completed = count(sites, "COMPLETED");
        long running = count(sites, "RUNNING");
        long skipped = count(sites, "ALREADY_RUNNING") + count(sites, "NOT_RUN");
        Summary line = new Summary("fleet").add("night", night.night())
                .add("status", completed == sites.size() ? "COMPLETED" : night.fleet().status())
                .add("sites", sites.size()).add("completed", completed)
                .add("failed", sites.size() - completed - running - skipped).add("skipped", skipped)
                .add("running", running == 0 ? null : running);
        if (night.fleet().duration() != null) {
            line.duration(night.fleet().duration());
        }
        if (completed + running < sites.size()) {
            line.resume(resume(night));
        }
        return line;
    }

    private static long count(List<Map<String, Object>> sites, String status) {
        return sites.stream().filter(s -> status.equals(s.get("status"))).count();
    }

    /** The command that resumes the night: the fleet's words, with this listing's home and repository words. */
    private CommandLine resume(FleetNight night) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("job", "backup");
        if (night.selection().equals(FleetWords.ALL)) {
            params.put("site", FleetWords.ALL);
        } else {
            params.put("sites", night.selection());
        }
        params.put("night", night.night());
        return ListedRun.command("backup", params, command);
    }

    private static void table(FleetNight night, List<Map<String, Object>> sites, PrintStream out) {
        out.println("fleet night " + night.night() + " of sites=" + night.selection() + ": run "
                + night.fleet().executionId() + " " + night.fleet().status().toLowerCase(java.util.Locale.ROOT)
                + ", started " + ListOutput.time(night.fleet().start()) + " UTC");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SITE", "STATUS", "WORKER", "PID", "START (UTC)", "DURATION", "BACKUP", "ARCHIVE",
                "FAILED STEP", "ERROR"));
        for (Map<String, Object> s : sites) {
            Object start = s.get("start");
            Object seconds = s.get("duration_seconds");
            rows.add(List.of((String) s.get("site"), s.get("status") + (s.get("run") != null ? " (earlier run)" : ""),
                    ListOutput.text(s.get("worker")), ListOutput.text(s.get("pid")),
                    start == null ? "-" : ListOutput.time(java.time.Instant.parse((String) start)),
                    seconds == null ? "-" : Math.round((Double) seconds) + "s", ListOutput.text(s.get("backup")),
                    ListOutput.text(s.get("archive")), ListOutput.text(s.get("failed_step")),
                    ListOutput.text(s.get("error"))));
        }
        ListOutput.print(rows, out, "  ");
        sites.stream().filter(s -> s.get("resume") != null)
                .forEach(s -> out.println("  " + s.get("site") + " resume: " + s.get("resume")));
    }

    private static String json(FleetNight night, List<Map<String, Object>> sites, Summary line) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", ListOutput.FORMAT_VERSION);
        doc.put("night", night.night());
        doc.put("selection", night.selection());
        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("execution_id", night.fleet().executionId());
        fleet.put("status", line.fields().get("status"));
        fleet.put("start", ListOutput.iso(night.fleet().start()));
        fleet.put("end", ListOutput.iso(night.fleet().end()));
        fleet.put("duration_seconds", ListOutput.secondsValue(night.fleet().duration()));
        for (String key : List.of("completed", "failed", "skipped")) {
            fleet.put(key, Long.parseLong(line.fields().get(key)));
        }
        fleet.put("running", sites.stream().filter(s -> "RUNNING".equals(s.get("status"))).count());
        fleet.put("resume", line.fields().get("resume"));
        doc.put("fleet", fleet);
        doc.put("sites", sites);
        try {
            return ListOutput.JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the night as JSON", e);
        }
    }
}
