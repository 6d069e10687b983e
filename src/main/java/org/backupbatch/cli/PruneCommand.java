package org.backupbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.backup.SitePruning;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.retention.Pruner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code job=prune site=X|all [dry-run=yes]}: applies each site's retention policy by itself,
 * through the same code as the backup's last step ({@link SitePruning}). No job is launched and
 * no job repository opened; each site's lock is taken as a backup takes it, so nothing is pruned
 * under a running backup or restore of the site. One stdout line per decision ({@code blog
 * 20261103T031500Z kept: daily 2026-11-03}), one summary line per site, and with {@code all} a
 * final line; the decisions also go to the log file.
 */
final class PruneCommand {

    private static final Logger LOG = LoggerFactory.getLogger(PruneCommand.class);
    /** Writes to the log file only (LogSetup): stdout already shows the decisions. */
    private static final Logger DECISIONS = LoggerFactory.getLogger(PruneCommand.class.getName() + ".decisions");

    private final CommandLine command;
    private final SiteRegistry sites;
    private final PrintStream out;
    private int kept;
    private int removed;

    PruneCommand(CommandLine command, SiteRegistry sites, PrintStream out) {
        this.command = command;
        this.sites = sites;
        this.out = out;
    }

    /** Sets up logging (stderr and {@code <home>/logs/}), then prunes; returns the exit code. */
    static int run(CommandLine command) {
        ConfigurableApplicationContext logging;
        try {
            logging = logging(command.home());
        } catch (ConfigurationError e) {
            System.err.println("error: " + e.getMessage());
            System.out.println(new Summary("prune").add("site", command.site()).add("status", "INVALID")
                    .add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        }
        try (logging) {
            return new PruneCommand(command, new SiteRegistry(command.home(), System.getenv()), System.out).run();
        }
    }

    int run() {
        boolean all = command.site().equals("all");
        List<String> names = all ? sites.loader().siteNames() : List.of(command.site());
        if (names.isEmpty()) {
            return invalid(new Summary("prune").add("site", "all"), "no sites: no jobs/*.yaml in " + command.home());
        }
        List<String> problems = new ArrayList<>();
        int code = ExitCodes.COMPLETED;
        for (String site : names) {
            int siteCode = site(site);
            if (siteCode != ExitCodes.COMPLETED) {
                problems.add(site);
                code = ExitCodes.worst(code, siteCode);
            }
        }
        if (all) {
            out.println(new Summary("prune").add("site", "all").add("status", status(code)).add("sites", names.size())
                    .add("kept", kept).add("removed", removed).add("dry_run", command.dryRun() ? "yes" : "no")
                    .add("problems", problems.isEmpty() ? null : String.join(",", problems)));
        }
        return code;
    }

    /** Prunes one site under its lock; prints its decisions and its summary line. */
    private int site(String site) {
        Summary summary = new Summary("prune").add("site", site);
        try (SiteLock lock = SiteLock.tryAcquire(command.home(), site)) {
            if (lock == null) {
                String owner = SiteLock.owner(command.home(), site);
                LOG.error("a run for site {} is already going on ({}): not pruned", site, owner);
                out.println(summary.add("status", "ALREADY_RUNNING").add("owner", owner));
                return ExitCodes.ALREADY_RUNNING;
            }
            return prune(site, summary);
        } catch (IOException e) {
            return invalid(summary, "cannot write in " + command.home() + "/.backup-batch: " + e.getMessage());
        } catch (ConfigurationError e) {
            return invalid(summary, e.getMessage());
        }
    }

    private int prune(String site, Summary summary) {
        boolean dry = command.dryRun();
        Pruner.Outcome outcome;
        try {
            outcome = SitePruning.prune(sites.site(site), site, dry, line -> {
                out.println(site + " " + line.describe(dry));
                DECISIONS.info("{}: {}", site, line.describe(dry));
            });
            SitePruning.pruneCopies(sites.site(site), site, dry, line -> {
                out.println(site + " copy " + line);
                DECISIONS.info("{}: copy {}", site, line);
            });
        } catch (IOException e) {
            LOG.error("pruning the backups of site {} failed", site, e);
            out.println(summary.add("status", "FAILED").add("error", e.toString()).resume(command));
            return ExitCodes.FAILED;
        }
        kept += outcome.kept();
        removed += outcome.removed();
        out.println(summary.add("status", "COMPLETED").add("kept", outcome.kept()).add("removed", outcome.removed())
                .add("unfinished_removed", outcome.workRemoved() == 0 ? null : outcome.workRemoved())
                .add("dry_run", dry ? "yes" : "no"));
        return ExitCodes.COMPLETED;
    }

    private int invalid(Summary summary, String error) {
        LOG.error("{}", error);
        out.println(summary.add("status", "INVALID").add("error", error));
        return ExitCodes.BAD_CONFIGURATION;
    }

    private static String status(int code) {
        return switch (code) {
            case ExitCodes.COMPLETED -> "COMPLETED";
            case ExitCodes.BAD_CONFIGURATION -> "INVALID";
            case ExitCodes.ALREADY_RUNNING -> "ALREADY_RUNNING";
            default -> "FAILED";
        };
    }

    /**
     * Spring Boot with no bean of ours and no auto-configuration: only its logging set-up
     * (LogSetup, the log file under the home folder, secrets masked), as for the jobs.
     */
    private static ConfigurableApplicationContext logging(Path home) {
        Path log = home.resolve(Main.LOG_FILE);
        try {
            PrivateFiles.touch(log);
        } catch (IOException e) {
            throw new ConfigurationError("cannot write in " + home + ": " + e, e);
        }
        return new SpringApplicationBuilder(LoggingOnly.class).web(WebApplicationType.NONE)
                .properties(Map.of("logging.file.name", log.toString())).run();
    }

    /** The empty configuration that {@link #logging} starts. */
    static class LoggingOnly {
    }
}
