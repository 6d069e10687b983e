package org.backupbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.restore.DrillKeys;
import org.backupbatch.restore.RestoreKeys;
import org.backupbatch.retention.BackupListing;
import org.backupbatch.retention.ListedBackup;

/**
 * {@code job=list [site=X|all] [format=table|json]}: each site's backups from the files and
 * sidecar manifests in its destination ({@link BackupListing}, no archive opened), then its
 * recent runs from the job repository ({@link RecentRuns}, read-only). It runs beside a backup of
 * the site: it takes no lock, starts no Spring context and writes nothing, the repository
 * included ({@link ReadOnlyRepository}). Exit 0; 2 when a site named is not configured; 1 when a
 * site's folder or repository could not be read (what could be read is still shown).
 */
final class ListCommand {

    static final String ALL = "all";
    /** How many runs of a site are shown, newest first. */
    static final int RUNS = 20;

    /**
     * What is listed of one site.
     *
     * @param error an error that left part of it out (its configuration, its folder, its
     *              repository), or null
     */
    record SiteReport(String site, Path folder, List<ListedBackup> backups, List<ListedRun> runs, String error) {

        long complete() {
            return backups.stream().filter(ListedBackup::complete).count();
        }
    }

    private final CommandLine command;
    private final Map<String, String> env;

    ListCommand(CommandLine command, Map<String, String> env) {
        this.command = command;
        this.env = env;
    }

    /** Checks the words of {@code job=list} ({@code format=table|json}); gives the site named, else {@code all}. */
    static String site(Map<String, String> params) {
        String format = params.getOrDefault("format", "table");
        if (!format.equals("table") && !format.equals("json")) {
            throw new ConfigurationError("format=" + format + ": use format=table (default) or format=json");
        }
        if (params.containsKey("from") && params.get("site") == null) {
            throw new ConfigurationError("from=" + params.get("from") + " lists one site's copy: add site=<name>");
        }
        if (FleetList.asked(params)) { // a fleet night: site=all, or sites=<group>, and night=
            FleetWords.check(params, params.getOrDefault("site", ALL));
            if (params.containsKey("from")) {
                throw new ConfigurationError("from= lists one site's copy, not a fleet night: use site=<name>");
            }
            return ALL;
        }
        return params.getOrDefault("site", ALL);
    }

    int run(PrintStream out, PrintStream err) {
        if (FleetList.asked(command.params())) {
            return new FleetList(command, env).run(out, err);
        }
        SiteRegistry registry = new SiteRegistry(command.home(), env);
        if (command.params().containsKey("from") && !command.site().equals(ALL)) {
            return CopyWords.list(command, registry, out, err);
        }
        boolean all = command.site().equals(ALL);
        List<String> sites = all ? registry.loader().siteNames() : List.of(command.site());
        List<SiteReport> reports = new ArrayList<>();
        for (String site : sites) {
            try {
                reports.add(report(registry, site));
            } catch (ConfigurationError e) {
                if (!all) {
                    err.println("error: " + ShownWords.masked(e.getMessage()));
                    out.println(new Summary("list").add("site", site).add("status", "INVALID").add("error", e.getMessage()));
                    return ExitCodes.BAD_CONFIGURATION;
                }
                reports.add(new SiteReport(site, null, List.of(), List.of(), e.getMessage()));
            }
        }
        if ("json".equals(command.params().get("format"))) {
            out.println(ListOutput.json(reports));
        } else {
            ListOutput.table(reports, out);
        }
        reports.stream().filter(r -> r.error() != null)
                .forEach(r -> err.println("error: site " + r.site() + ": " + ShownWords.masked(r.error())));
        boolean failed = reports.stream().anyMatch(r -> r.error() != null);
        out.println(new Summary("list").add("site", command.site()).add("status", failed ? "FAILED" : "COMPLETED")
                .add("backups", reports.stream().mapToLong(SiteReport::complete).sum())
                .add("incomplete", reports.stream().mapToLong(r -> r.backups().size() - r.complete()).sum())
                .add("runs", reports.stream().mapToLong(r -> r.runs().size()).sum())
                .add("sites", all ? reports.size() : null));
        return failed ? ExitCodes.FAILED : ExitCodes.COMPLETED;
    }

    /**
     * The site's backups and runs. Its repositories are read on a thread of their own meanwhile:
     * HSQLDB's start and the configuration's (Jackson, the YAML layers) are most of a list's time,
     * and neither needs the other. The reader is always waited for, so that its temporary copy
     * is gone before this returns, even when the configuration fails.
     */
    private SiteReport report(SiteRegistry registry, String site) {
        FutureTask<List<ListedRun>> runs = new FutureTask<>(() -> runs(site));
        Thread reader = new Thread(runs, "list-runs-" + site);
        reader.start();
        Path folder;
        List<ListedBackup> backups = List.of();
        String error = null;
        try {
            folder = destination(registry, site).resolve(site);
            try {
                backups = BackupListing.read(folder, site);
            } catch (IOException e) {
                error = "cannot read " + folder + ": " + e;
            }
        } finally {
            join(reader);
        }
        try {
            return new SiteReport(site, folder, backups, runs.get(), error);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException || e.getCause() instanceof SQLException) {
                return new SiteReport(site, folder, backups, List.of(), error != null ? error
                        : "cannot read the job repository: " + e.getCause().getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the job repository", e);
        }
    }

    /** Waits for the thread to end, however long; an interrupt is kept for later. */
    private static void join(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The site's {@code backup.destination}, read from its layered files without resolving the
     * {@code ${VAR}} placeholders or sealed values of other fields: listing needs no database
     * password nor key. As the binder reads a path: {@code ~} is the user's home, a relative path
     * is under the home folder. A destination that is itself a placeholder takes the full load.
     */
    private static Path destination(SiteRegistry registry, String site) {
        String value = registry.loader().effectiveTree(site).path("backup").path("destination").asText("");
        if (value.isEmpty() || value.contains("${") || value.startsWith("ENC(")) {
            return registry.site(site).backup().destination();
        }
        Path userHome = Path.of(System.getProperty("user.home"));
        Path raw = value.equals("~") ? userHome : value.startsWith("~/") ? userHome.resolve(value.substring(2))
                : Path.of(value);
        return registry.home().resolve(raw).toAbsolutePath().normalize();
    }

    /**
     * The site's runs, newest first: from its own repository and, for the built-in ones, from its
     * drills' ({@code <site>.drill}, where {@code job=drill} runs beside the site's backups).
     */
    private List<ListedRun> runs(String site) throws IOException, SQLException {
        List<RecentRuns.Run> runs = new ArrayList<>();
        if (command.repositoryUrl() != null) {
            runs.addAll(read(ReadOnlyRepository.ofUrl(command.repositoryUrl(), command.springProperties(), env), site));
        } else {
            runs.addAll(read(ReadOnlyRepository.ofSite(command.home(), site), site));
            runs.addAll(read(ReadOnlyRepository.ofSite(command.home(), site + SiteLock.DRILL), site));
        }
        Map<String, Boolean> alive = new java.util.HashMap<>();
        return ListedRun.of(RecentRuns.newestFirst(runs, RUNS), command,
                run -> alive.computeIfAbsent(lockOf(run, site), this::lockOwnerAlive));
    }

    private List<RecentRuns.Run> read(ReadOnlyRepository opened, String site) throws IOException, SQLException {
        try (ReadOnlyRepository repository = opened) {
            if (repository == null) {
                return List.of();
            }
            String prefix = command.springProperties().getOrDefault("spring.batch.jdbc.table-prefix", "BATCH_");
            return new RecentRuns(repository.connection(), prefix).read(concerns(site), RUNS);
        }
    }

    /**
     * The runs that write into the site: its backups (snapshots included), restores into it, its
     * drills (whose {@code target} is their scratch place), other jobs of it.
     */
    static Predicate<RecentRuns.Run> concerns(String site) {
        return run -> {
            Map<String, String> p = run.params();
            boolean byTarget = p.containsKey(RestoreKeys.PARAM_TARGET) && !run.job().equals(DrillKeys.JOB);
            return site.equals(byTarget ? p.get(RestoreKeys.PARAM_TARGET) : p.get(BackupKeys.PARAM_SITE));
        };
    }

    /** The lock a run holds while it goes on: its site's, or the site's drill lock. */
    private static String lockOf(RecentRuns.Run run, String site) {
        return run.job().equals(DrillKeys.JOB) ? site + SiteLock.DRILL : site;
    }

    /**
     * Whether the process that last took the site's lock is alive on this machine: then a run marked
     * STARTED is going on; else it was killed. The lock file is only read ({@link SiteLock#owner}).
     *
     * @param lock the lock's name: a site, or {@code <site>.drill}
     */
    private boolean lockOwnerAlive(String lock) {
        String owner = SiteLock.owner(command.home(), lock);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+) host=(\\S+)").matcher(owner);
        if (!m.find()) {
            return false;
        }
        try {
            boolean here = m.group(2).equals(InetAddress.getLocalHost().getHostName());
            return here && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
