package org.backupbatch.backup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * Runs a fleet's partitions in this process under {@link HostCaps}: {@code concurrency} threads,
 * each taking the next partition whose SSH host has room. Spring Batch's {@code
 * TaskExecutorPartitionHandler} caps only the total, and hands partitions to its executor in a
 * hash set's order; a per-host cap needs the choice made when a thread is free, which is this.
 */
final class HostCappedPartitionHandler extends AbstractPartitionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HostCappedPartitionHandler.class);

    private final Step step;
    private final int concurrency;
    private final int perHost;

    HostCappedPartitionHandler(Step step, int concurrency, int perHost) {
        this.step = step;
        this.concurrency = concurrency;
        this.perHost = perHost;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparing(StepExecution::getStepName));
        HostCaps<StepExecution> caps = new HostCaps<>(ordered, concurrency, perHost,
                p -> p.getExecutionContext().getString(FleetKeys.HOST, "?"));
        Set<StepExecution> ended = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Math.min(concurrency, ordered.size()); i++) {
            Thread thread = new Thread(() -> work(caps, ended), "fleet-" + (i + 1));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Set.copyOf(ended);
    }

    private void work(HostCaps<StepExecution> caps, Collection<StepExecution> ended) {
        try {
            for (StepExecution partition = caps.next(); partition != null; partition = caps.next()) {
                try {
                    step.execute(partition);
                } catch (Throwable e) { // a step records its own failures; this is anything beyond them
                    LOG.error("partition {} ended by {}", partition.getStepName(), e.toString(), e);
                    partition.setStatus(BatchStatus.FAILED);
                    partition.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
                } finally {
                    ended.add(partition);
                    caps.done(partition);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
