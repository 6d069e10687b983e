package org.backupbatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Manifest;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.remote.Sizes;
import org.backupbatch.restore.DrillKeys;
import org.backupbatch.restore.RestoreKeys;
import org.backupbatch.retention.ListedBackup;

/**
 * How {@code job=list} prints its reports: {@code format=table}, aligned columns for people (UTC
 * times, sizes in powers of 1024), or {@code format=json}, a stable document for scripts whose
 * fields the README describes one by one ({@code format_version} changes when one changes
 * meaning or goes). Every error text is shown masked ({@link ShownWords#masked}).
 */
final class ListOutput {

    static final int FORMAT_VERSION = 1;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ListOutput() {
    }

    static void table(List<ListCommand.SiteReport> reports, PrintStream out) {
        for (ListCommand.SiteReport r : reports) {
            out.println("site " + r.site() + (r.folder() != null ? ": " + r.folder() : "")
                    + (r.error() != null ? " (error: " + ShownWords.masked(r.error()) + ")" : ""));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("ID", "DATE (UTC)", "SIZE", "PARTS", "FILES", "TABLES", "ENCRYPTED", "KIND",
                    "VERIFIED (UTC)", "DRILLED (UTC)", "STATE"));
            r.backups().forEach(b -> rows.add(backupRow(b)));
            print(rows, out, "  ");
            out.println("runs (" + r.runs().size() + ", newest first; at most " + ListCommand.RUNS + "):");
            List<List<String>> runs = new ArrayList<>();
            runs.add(List.of("RUN", "JOB", "STATE", "START (UTC)", "DURATION", "BACKUP", "FAILED STEP", "ERROR"));
            r.runs().forEach(run -> runs.add(runRow(run)));
            print(runs, out, "  ");
            for (ListedRun run : r.runs()) {
                out.println("  " + label(run.run()) + " steps: " + steps(run.run()));
                if (run.resume() != null) {
                    out.println("  " + label(run.run()) + " resume: " + run.resume()
                            + (run.hint() != null ? "  (" + run.hint() + ")" : ""));
                }
                if (run.note() != null) {
                    out.println("  " + label(run.run()) + ": " + run.note());
                }
            }
        }
    }

    private static List<String> backupRow(ListedBackup b) {
        return List.of(b.id(), time(b.date()), b.bytes() == null ? "-" : Sizes.human(b.bytes()),
                b.parts().isEmpty() ? "-" : String.join(",", b.parts()), text(b.files()), text(b.tables()),
                b.encrypted() ? "yes" : "no", b.kind() == null ? "-" : b.kind(),
                b.verified() == null ? "-" : time(b.verified().at()) + " " + b.verified().source(),
                b.drilled() == null ? "-" : time(b.drilled().at()) + " " + b.drilled().result(),
                b.complete() ? "complete" : "incomplete: " + String.join("; ", b.problems()));
    }

    private static List<String> runRow(ListedRun listed) {
        RecentRuns.Run run = listed.run();
        RecentRuns.Step failed = run.failedStep();
        String error = failed != null && failed.error() != null ? failed.error() : run.error();
        return List.of(Long.toString(run.executionId()), run.job(), listed.state(), time(run.start()),
                seconds(run.duration()), text(backupOf(run)), failed == null ? "-" : failed.name(),
                error == null || listed.state().equals("completed") ? "-" : ShownWords.masked(error));
    }

    private static String steps(RecentRuns.Run run) {
        List<String> steps = new ArrayList<>();
        for (RecentRuns.Step s : run.steps()) {
            steps.add(s.name() + " " + seconds(s.duration()) + (s.status().equals("COMPLETED") ? ""
                    : " " + s.status().toLowerCase(java.util.Locale.ROOT)));
        }
        return steps.isEmpty() ? "-" : String.join(", ", steps);
    }

    /** The backup a run made or restored: a backup's id, a restore's or a drill's source backup. */
    private static String backupOf(RecentRuns.Run run) {
        return restores(run) ? run.params().get(RestoreKeys.PARAM_BACKUP) : run.params().get(BackupKeys.PARAM_ID);
    }

    private static boolean restores(RecentRuns.Run run) {
        return run.job().equals(RestoreKeys.JOB) || run.job().equals(DrillKeys.JOB);
    }

    /**
     * How the lines under the runs name one: {@code run 3}, or {@code drill run 3} for a drill,
     * whose numbers are those of the site's drill repository and may repeat the others'.
     */
    private static String label(RecentRuns.Run run) {
        return (run.job().equals(DrillKeys.JOB) ? "drill run " : "run ") + run.executionId();
    }

    static String json(List<ListCommand.SiteReport> reports) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", FORMAT_VERSION);
        List<Object> sites = new ArrayList<>();
        for (ListCommand.SiteReport r : reports) {
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("site", r.site());
            site.put("folder", r.folder() == null ? null : r.folder().toString());
            site.put("error", ShownWords.masked(r.error()));
            site.put("backups", r.backups().stream().map(ListOutput::backupJson).toList());
            site.put("runs", r.runs().stream().map(ListOutput::runJson).toList());
            sites.add(site);
        }
        doc.put("sites", sites);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the list as JSON", e);
        }
    }

    private static Map<String, Object> backupJson(ListedBackup b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("date", iso(b.date()));
        m.put("state", b.complete() ? "complete" : "incomplete");
        m.put("problems", b.problems());
        m.put("archive", b.archive());
        m.put("bytes", b.bytes());
        m.put("parts", b.parts());
        m.put("files", b.files());
        m.put("tables", b.tables());
        m.put("encrypted", b.encrypted());
        m.put("kind", b.kind());
        m.put("snapshot", Manifest.KIND_PRE_RESTORE.equals(b.kind()));
        m.put("verified", b.verified() == null ? null : ordered("at", iso(b.verified().at()), "source",
                b.verified().source()));
        m.put("drilled", b.drilled() == null ? null : ordered("at", iso(b.drilled().at()), "result",
                b.drilled().result(), "error", ShownWords.masked(b.drilled().error())));
        return m;
    }

    private static Map<String, Object> runJson(ListedRun listed) {
        RecentRuns.Run run = listed.run();
        RecentRuns.Step failed = run.failedStep();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("execution_id", run.executionId());
        m.put("job", run.job());
        m.put("status", run.status());
        m.put("state", listed.state());
        m.put("start", iso(run.start()));
        m.put("end", iso(run.end()));
        m.put("duration_seconds", secondsValue(run.duration()));
        m.put("backup", backupOf(run));
        // a drill's target is its scratch place's name, no site of the user's
        m.put("target", run.job().equals(RestoreKeys.JOB) ? run.params().get(RestoreKeys.PARAM_TARGET) : null);
        m.put("kind", run.params().get(BackupKeys.PARAM_KIND));
        m.put("failed_step", failed == null ? null : failed.name());
        String error = failed != null && failed.error() != null ? failed.error() : run.error();
        m.put("error", listed.state().equals("completed") ? null : ShownWords.masked(error));
        m.put("resume", listed.resume());
        m.put("resume_hint", listed.hint());
        m.put("note", listed.note());
        m.put("steps", run.steps().stream().map(s -> ordered("name", s.name(), "status", s.status(), "start",
                iso(s.start()), "end", iso(s.end()), "duration_seconds", secondsValue(s.duration()))).toList());
        return m;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Aligned columns, {@code gap} between them; the last column is not padded. */
    static void print(List<List<String>> rows, PrintStream out, String indent) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c).replaceAll("\\p{Cntrl}", "?"); // a file name cannot break a line
                line.append(c == columns - 1 ? cell : String.format("%-" + widths[c] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String time(Instant t) {
        return t == null ? "-" : MINUTES.format(t);
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String text(Object value) {
        return value == null ? "-" : value.toString();
    }

    static String seconds(Duration d) {
        return d == null ? "-" : d.toSeconds() + "s";
    }

    static Double secondsValue(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }
}
