package org.backupbatch.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.backupbatch.backup.FleetKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Before a re-run of a night whose manager died, with a shared repository: the night's last run
 * is still marked STARTED, and recovering it (as {@link Launcher} does with any run a dead process
 * left) would mark FAILED the partitions that live workers are still running; the re-run would
 * then send those sites again, and each would be backed up a second time after its first run
 * ends. So the re-run first waits, polling, while any unfinished partition's site has a live
 * lease: the worker ends it and records it COMPLETED (or FAILED) itself, and only the partitions
 * that nobody runs are recovered and sent again. Requests the dead manager had queued are still
 * served by the workers meanwhile, and are waited for in the same way once a worker takes them.
 */
final class LiveSites {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSites.class);

    private final JobRepository repository;
    private final CommandLine command;
    private final Map<String, String> env;
    private final Duration poll;

    LiveSites(JobRepository repository, CommandLine command, Map<String, String> env, Duration poll) {
        this.repository = repository;
        this.command = command;
        this.env = env;
        this.poll = poll;
    }

    /** Waits while a live process runs a site of {@code last}, the night's last run (null: none). */
    void awaitEnd(JobExecution last) throws IOException, InterruptedException {
        if (last == null || command.repositoryUrl() == null || !last.getStatus().isRunning()) {
            return;
        }
        Set<String> told = new java.util.HashSet<>();
        for (Map<String, String> live = live(last.getId()); !live.isEmpty(); live = live(last.getId())) {
            live.forEach((site, owner) -> {
                if (told.add(site)) {
                    LOG.info("site {} of the night's run {} is still being backed up by {}: waiting for it to end "
                            + "before the night resumes", site, last.getId(), owner);
                }
            });
            Thread.sleep(poll.toMillis());
        }
        if (!told.isEmpty()) {
            LOG.info("the sites of run {} that were running have ended: {}", last.getId(), told);
        }
    }

    /** Site → the owner of its live lease, for the unfinished partitions of run {@code id}. */
    private Map<String, String> live(long id) throws IOException {
        Map<String, String> live = new LinkedHashMap<>();
        JobExecution run = repository.getJobExecution(id);
        if (run == null) {
            return live;
        }
        for (StepExecution partition : run.getStepExecutions()) {
            String site = partition.getExecutionContext().getString(FleetKeys.SITE, null);
            if (site != null && partition.getStatus().isRunning()) {
                String owner = RunLock.holder(command, site, env);
                if (owner != null) {
                    live.put(site, owner);
                }
            }
        }
        return live;
    }
}
