package org.backupbatch.cli;

import java.time.Duration;
import java.util.Map;
import org.backupbatch.backup.FleetJob;
import org.backupbatch.backup.FleetKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

/**
 * Serves one partition request of a distributed fleet. Spring Batch's own {@code
 * StepExecutionRequestHandler} runs whatever it is sent; a request can arrive twice (RabbitMQ
 * redelivers a request whose worker died, and one still running past its delivery timeout), so
 * this one first reads the partition in the repository and takes the site's lease:
 * <ul>
 * <li>the partition has ended: nothing to do (a duplicate);</li>
 * <li>the lease is held by a live process: the site is being backed up; this waits (the request
 * unacknowledged) until the partition ends or the lease expires: a live holder keeps renewing,
 * a dead one stops, and then</li>
 * <li>with the lease, the partition runs here, the same step execution: the site's backup job,
 * left STARTED by the dead worker, is recovered and resumed by its own launcher.</li>
 * </ul>
 * Two workers never back up one site at once.
 */
final class FleetWorker implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FleetWorker.class);
    static final Duration WAIT = Duration.ofSeconds(5);

    private final JobRepository repository;
    private final CommandLine command;
    private final FleetSiteRunner runner;
    private final Map<String, String> env;

    FleetWorker(JobRepository repository, CommandLine command, FleetSiteRunner runner, Map<String, String> env) {
        this.repository = repository;
        this.command = command;
        this.runner = runner;
        this.env = env;
    }

    @Override
    public void handleMessage(Message<?> message) {
        if (!(message.getPayload() instanceof StepExecutionRequest request)) {
            throw new IllegalArgumentException("not a partition request: " + message.getPayload().getClass());
        }
        try {
            serve(request.getStepExecutionId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving partition " + request.getStepExecutionId(), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void serve(long id) throws InterruptedException, java.io.IOException {
        try {
            serveOnce(id);
        } catch (org.springframework.batch.core.job.JobInterruptedException e) {
            LOG.warn("partition {} was stopped: {}", id, e.getMessage());
        }
    }

    private void serveOnce(long id) throws InterruptedException, java.io.IOException,
            org.springframework.batch.core.job.JobInterruptedException {
        for (boolean told = false; ; told = true) {
            StepExecution partition = repository.getStepExecution(id);
            if (partition == null || !partition.getStatus().isRunning()) {
                LOG.info("partition {} has {}: nothing to do", id, partition == null ? "no record" : "ended "
                        + partition.getStatus());
                return;
            }
            String site = partition.getExecutionContext().getString(FleetKeys.SITE);
            RunLock.Attempt attempt = RunLock.tryAcquire(command, site, env);
            if (attempt.lock() == null) {
                if (!told) {
                    LOG.info("site {} is being backed up by {}; waiting for it to end or its lease to expire", site,
                            attempt.owner());
                }
                Thread.sleep(WAIT.toMillis());
                continue;
            }
            try (RunLock lock = attempt.lock()) {
                LOG.info("running site {} (partition {})", site, id);
                partition.getExecutionContext().putString(FleetKeys.WORKER, SiteLease.host(env));
                FleetJob.siteStep(repository, runner).execute(partition);
                LOG.info("site {} ended {}", site, partition.getStatus());
            }
            return;
        }
    }
}
