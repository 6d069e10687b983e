package org.backupbatch.cli;

import java.util.List;
import java.util.Map;
import org.backupbatch.backup.SiteRunner;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;

/**
 * A fleet partition's work: what {@code job=backup site=X} does, in this process. The site's own
 * lock is taken for the run (a cron line or a person running the site meanwhile gets exit 3, and
 * the fleet's partition waits for the next re-run of the night), its configuration checked, and
 * its backup launched through the one {@link Launcher}: a failed run of the site in the fleet's
 * repository is resumed, not started over.
 */
final class FleetSiteRunner implements SiteRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSiteRunner.class);

    private final CommandLine fleet;
    private final Launcher launcher;
    private final BackupCommand backup;
    private final SiteRegistry sites;

    private final boolean takesLock;

    FleetSiteRunner(CommandLine fleet, Launcher launcher, BackupCommand backup, SiteRegistry sites) {
        this(fleet, launcher, backup, sites, true);
    }

    /** @param takesLock false when the caller holds the site's lock already (a worker, {@link FleetWorker}) */
    FleetSiteRunner(CommandLine fleet, Launcher launcher, BackupCommand backup, SiteRegistry sites,
            boolean takesLock) {
        this.takesLock = takesLock;
        this.fleet = fleet;
        this.launcher = launcher;
        this.backup = backup;
        this.sites = sites;
    }

    @Override
    public Outcome run(String site) {
        CommandLine one = siteCommand(site);
        RunLock.Attempt attempt = null;
        try (RunLock lock = takesLock ? (attempt = RunLock.tryAcquire(fleet, site, System.getenv())).lock()
                : () -> { }) {
            if (lock == null) {
                String owner = attempt.owner();
                LOG.warn("site {} is left for the next run of the night: a run of it is going on ({})", site, owner);
                return new Outcome(ExitCodes.ALREADY_RUNNING, null, "a run for site " + site
                        + " is already going on (" + owner + ")");
            }
            sites.site(site);
            JobExecution execution = launcher.launch(backup.request(one, null), false);
            Throwable failure = JobCommand.failure(execution);
            int code = ExitCodes.of(execution.getStatus(), failure);
            return new Outcome(code, execution.getId(),
                    code == ExitCodes.COMPLETED ? null : JobCommand.describe(failure, execution, one));
        } catch (ConfigurationError e) {
            LOG.error("site {}: {}", site, e.getMessage());
            return new Outcome(ExitCodes.BAD_CONFIGURATION, null, e.getMessage());
        } catch (Exception e) {
            LOG.error("backup of site {} could not be launched", site, e);
            return new Outcome(ExitCodes.FAILED, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** {@code BACKUP_BATCH_HOST}, else the host's name: the name the site's lease records. */
    @Override
    public String host() {
        return SiteLease.host(System.getenv());
    }

    /** The words {@code job=backup site=X} the fleet stands for, for the site's logs and its launcher. */
    private CommandLine siteCommand(String site) {
        return new CommandLine("backup", site, fleet.home(), Map.of("job", "backup", "site", site),
                fleet.springProperties(), fleet.repositoryUrl(), List.of("job=backup", "site=" + site));
    }
}
