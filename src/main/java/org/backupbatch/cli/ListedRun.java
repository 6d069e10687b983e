package org.backupbatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.restore.DrillKeys;
import org.backupbatch.restore.RestoreKeys;

/**
 * A run as {@code job=list} shows it: the repository's record, whether a process is running it now,
 * and the exact command that resumes it when it is the one the same words would resume (the last
 * run of its kind, FAILED, STOPPED, or left STARTED by a dead process: see {@link Launcher}).
 *
 * @param state   {@code running}, {@code interrupted} (marked running, no process: the next run
 *                recovers it), or the repository's status in lower case
 * @param resume  the command that resumes it, secret words hidden; null when none does
 * @param hint    what to do about the words the command hides, or null
 * @param note    a word on how it is resumed when no command of its own does (a safety snapshot)
 */
record ListedRun(RecentRuns.Run run, String state, String resume, String hint, String note) {

    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");

    /** The runs of one site, newest first, with their state and resume commands; one lock owner for all. */
    static List<ListedRun> of(List<RecentRuns.Run> runs, CommandLine list, boolean ownerAlive) {
        return of(runs, list, run -> ownerAlive);
    }

    /**
     * The runs of one site, newest first, with their state and resume commands.
     *
     * @param ownerAlive whether the process holding the lock the run takes (its site's, or the
     *                   site's drill lock) is alive
     */
    static List<ListedRun> of(List<RecentRuns.Run> runs, CommandLine list, Predicate<RecentRuns.Run> ownerAlive) {
        Set<String> seen = new HashSet<>();
        List<ListedRun> listed = new ArrayList<>();
        for (RecentRuns.Run run : runs) {
            boolean latest = seen.add(chain(run));
            boolean marked = RUNNING.contains(run.status());
            String state = marked ? (latest && ownerAlive.test(run) ? "running" : "interrupted")
                    : run.status().toLowerCase(java.util.Locale.ROOT);
            boolean resumable = latest && (state.equals("failed") || state.equals("stopped")
                    || state.equals("interrupted"));
            if (isSnapshot(run)) {
                listed.add(new ListedRun(run, state, null, null,
                        resumable ? "a restore's safety snapshot: resuming that restore resumes it" : null));
            } else if (resumable) {
                CommandLine words = resumeWords(run, list);
                listed.add(new ListedRun(run, state, words.rerunCommand(), words.resumeHint(), null));
            } else {
                listed.add(new ListedRun(run, state, null, null, null));
            }
        }
        return listed;
    }

    /**
     * Runs the same words continue: a site's backups, the restores into one target, a job's runs
     * for a site (a site's drills: {@code DrillCommand} takes up the last one).
     */
    private static String chain(RecentRuns.Run run) {
        Map<String, String> p = run.params();
        if (run.job().equals(RestoreKeys.JOB)) {
            return "restore>" + p.get(RestoreKeys.PARAM_TARGET);
        }
        return run.job() + ":" + p.get(BackupKeys.PARAM_SITE) + (isSnapshot(run) ? ":" + p.get(BackupKeys.PARAM_ID) : "");
    }

    private static boolean isSnapshot(RecentRuns.Run run) {
        return run.job().equals(BackupKeys.JOB) && run.params().get(BackupKeys.PARAM_KIND) != null;
    }

    /**
     * The words that resume the run: its job's own (from its parameters) and the words of this
     * {@code job=list} that choose the home folder and the repository, shown as {@link
     * CommandLine#rerunCommand()} shows them (secret words hidden).
     */
    private static CommandLine resumeWords(RecentRuns.Run run, CommandLine list) {
        Map<String, String> p = run.params();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("job", run.job());
        params.put("site", p.get(BackupKeys.PARAM_SITE));
        if (run.job().equals(RestoreKeys.JOB)) {
            params.put("backup", p.get(RestoreKeys.PARAM_BACKUP_WORD));
            String target = p.get(RestoreKeys.PARAM_TARGET);
            if (target != null && !target.equals(p.get(RestoreKeys.PARAM_SITE))) {
                params.put("target", target);
            }
            putUnless(params, "parts", p.get(RestoreKeys.PARAM_PARTS_WORD), "");
            putUnless(params, "mode", p.get(RestoreKeys.PARAM_MODE), "overlay");
            putUnless(params, "keep_backup_credentials", p.get(RestoreKeys.PARAM_KEEP_CREDENTIALS), "no");
        } else if (run.job().equals(DrillKeys.JOB)) {
            putUnless(params, "backup", p.get(RestoreKeys.PARAM_BACKUP_WORD), "latest");
        }
        return command(run.job(), params, list);
    }

    /**
     * The command of {@code job} with these words, and the words of the {@code job=list} that
     * choose the home folder and the repository: what a resume command shows.
     */
    static CommandLine command(String job, Map<String, String> params, CommandLine list) {
        if (list.params().containsKey("home")) {
            params.put("home", list.params().get("home"));
        }
        List<String> words = new ArrayList<>();
        params.forEach((k, v) -> words.add(k + "=" + v));
        list.words().stream().filter(w -> w.startsWith("spring.") || w.startsWith("logging.")).forEach(words::add);
        return new CommandLine(job, params.get("site"), Path.of("."), params, list.springProperties(),
                list.repositoryUrl(), words);
    }

    private static void putUnless(Map<String, String> params, String key, String value, String usual) {
        if (value != null && !value.equals(usual)) {
            params.put(key, value);
        }
    }
}
