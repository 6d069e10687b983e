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
 * <li>with the lease, a slot of the site's SSH host is taken ({@link HostSlots}, {@code per_host}
 * across all workers); when the host is full, the request goes back to the end of the queue and
 * this consumer takes the next one;</li>
 * <li>with both, the partition runs here, the same step execution: the site's backup job,
 * left STARTED by the dead worker, is recovered and resumed by its own launcher.</li>
 * </ul>
 * Two workers never back up one site at once, nor more than {@code per_host} sites of one host.
 */
final class FleetWorker implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FleetWorker.class);
    static final Duration WAIT = Duration.ofSeconds(5);
    /** How long a request whose host is full is held before it goes back to the queue. */
    static final Duration DEFER = Duration.ofSeconds(2);

    private final JobRepository repository;
    private final CommandLine command;
    private final FleetSiteRunner runner;
    private final Map<String, String> env;
    private final java.util.function.Consumer<StepExecutionRequest> requeue;

    /** @param requeue sends a request to the end of the queue (it throws when it cannot) */
    FleetWorker(JobRepository repository, CommandLine command, FleetSiteRunner runner, Map<String, String> env,
            java.util.function.Consumer<StepExecutionRequest> requeue) {
        this.requeue = requeue;
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
            serve(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving partition " + request.getStepExecutionId(), e);
        } catch (java.io.IOException e) {
            // the repository could not give a lease (a database hiccup): rejected, the request
            // would go to the dead-letter queue and the night would wait for it for ever
            LOG.warn("partition {}: {}; its request goes back to the end of the queue", request.getStepExecutionId(),
                    e.getMessage());
            sendBack(request, e);
        }
    }

    private void sendBack(StepExecutionRequest request, java.io.IOException cause) {
        try {
            Thread.sleep(DEFER.toMillis());
            requeue.accept(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cause.getMessage(), cause);
        } catch (RuntimeException e) {
            e.addSuppressed(cause);
            throw e;
        }
    }

    private void serve(StepExecutionRequest request) throws InterruptedException, java.io.IOException {
        long id = request.getStepExecutionId();
        try {
            serveOnce(id, request);
        } catch (org.springframework.batch.core.job.JobInterruptedException e) {
            LOG.warn("partition {} was stopped: {}", id, e.getMessage());
        }
    }

    private void serveOnce(long id, StepExecutionRequest request) throws InterruptedException, java.io.IOException,
            org.springframework.batch.core.job.JobInterruptedException {
        for (boolean told = false; ; told = true) {
            StepExecution partition = repository.getStepExecution(id);
            if (ended(id, partition)) {
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
                // read again under the lease: a re-run of the night may have ended it meanwhile
                partition = repository.getStepExecution(id);
                if (ended(id, partition)) {
                    return;
                }
                try (RunLock slot = hostSlot(partition, request)) {
                    if (slot == null) {
                        return; // deferred: the request is at the end of the queue
                    }
                    LOG.info("running site {} (partition {})", site, id);
                    partition.getExecutionContext().putString(FleetKeys.WORKER, SiteLease.host(env));
                    FleetJob.siteStep(repository, runner).execute(partition);
                    LOG.info("site {} ended {}", site, partition.getStatus());
                }
            }
            return;
        }
    }

    private static boolean ended(long id, StepExecution partition) {
        if (partition == null || !partition.getStatus().isRunning()) {
            LOG.info("partition {} has {}: nothing to do", id, partition == null ? "no record" : "ended "
                    + partition.getStatus());
            return true;
        }
        return false;
    }

    /**
     * A slot of the partition's SSH host ({@link HostSlots}: {@code per_host} across workers), or
     * null when they are all taken and the request went back to the end of the queue: this
     * consumer then takes the next request, a site of another host maybe, rather than sitting on
     * this one. If the request cannot be sent back, the consumer waits for a slot here.
     */
    private RunLock hostSlot(StepExecution partition, StepExecutionRequest request)
            throws InterruptedException, java.io.IOException {
        int perHost = partition.getExecutionContext().getInt(FleetKeys.PER_HOST, 0);
        if (perHost < 1) {
            return () -> { }; // a partition of a night made before the cap was kept across workers
        }
        String host = partition.getExecutionContext().getString(FleetKeys.HOST, "?");
        String site = partition.getExecutionContext().getString(FleetKeys.SITE);
        while (true) {
            RunLock slot = HostSlots.tryAcquire(command, host, perHost, env);
            if (slot != null) {
                return slot;
            }
            Thread.sleep(DEFER.toMillis()); // a queue of this host's sites alone is not read in a busy loop
            try {
                requeue.accept(request);
                LOG.info("host {} runs {} sites already (per_host={}): site {} goes back to the end of the queue",
                        host, perHost, perHost, site);
                return null;
            } catch (RuntimeException e) {
                LOG.warn("could not send the request of site {} back to the queue ({}); waiting for a slot of host {}",
                        site, e.toString(), host);
            }
        }
    }
}
