package org.backupbatch.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.backupbatch.backup.FleetKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Before a re-run of a night whose manager died, with a shared repository: the night's last run
 * is still marked STARTED, and recovering it at once (as {@link Launcher} does with any run a
 * dead process left) would mark FAILED the partitions that live workers are still running; the
 * re-run would send those sites again, and each would be backed up a second time after its first
 * run. So each unfinished partition is recovered here, alone, <em>under its site's lease</em>:
 * while a live process holds the lease, the partition is waited for (its worker records its end);
 * once the lease is taken, nobody runs the site, and the partition is marked FAILED before the
 * lease is given back. A worker serving a request of the dead manager takes the site's lease and
 * reads the partition again before it runs it ({@link FleetWorker}), so it finds it ended; no
 * moment is left in which both run it. {@link Launcher} then recovers the night's own records and
 * restarts it: only the partitions that did not complete are sent again.
 */
final class PartitionRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionRecovery.class);

    private final JobRepository repository;
    private final CommandLine command;
    private final Map<String, String> env;
    private final Duration poll;

    PartitionRecovery(JobRepository repository, CommandLine command, Map<String, String> env, Duration poll) {
        this.repository = repository;
        this.command = command;
        this.env = env;
        this.poll = poll;
    }

    /** Recovers the unfinished partitions of {@code last}, the night's last run (null: none). */
    void recover(JobExecution last) throws IOException, InterruptedException {
        if (last == null || command.repositoryUrl() == null || !last.getStatus().isRunning()) {
            return;
        }
        Set<String> told = new HashSet<>();
        while (recoverFree(last.getId(), told)) {
            Thread.sleep(poll.toMillis());
        }
        if (!told.isEmpty()) {
            LOG.info("the sites of run {} that were still running have ended: {}", last.getId(), told);
        }
    }

    /** One pass: recovers the partitions whose site is free; true when a live process runs one still. */
    private boolean recoverFree(long id, Set<String> told) throws IOException {
        JobExecution run = repository.getJobExecution(id);
        boolean live = false;
        for (StepExecution seen : run == null ? Set.<StepExecution>of() : run.getStepExecutions()) {
            String site = seen.getExecutionContext().getString(FleetKeys.SITE, null);
            if (site == null || !seen.getStatus().isRunning()) {
                continue;
            }
            RunLock.Attempt attempt = RunLock.tryAcquire(command, site, env);
            if (attempt.lock() == null) {
                live = true;
                if (told.add(site)) {
                    LOG.info("site {} of the night's run {} is still being backed up by {}: waiting for it to end "
                            + "before the night resumes", site, id, attempt.owner());
                }
                continue;
            }
            try (RunLock lock = attempt.lock()) {
                markFailed(repository.getStepExecution(seen.getId()), site);
            }
        }
        return live;
    }

    private void markFailed(StepExecution partition, String site) {
        if (partition == null || !partition.getStatus().isRunning()) {
            return; // its worker ended it meanwhile
        }
        LOG.info("partition of site {} was left {} by the night's dead manager and nobody runs it: marked FAILED",
                site, partition.getStatus());
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription("recovered: its manager died"));
        partition.setEndTime(LocalDateTime.now());
        repository.update(partition);
    }
}
