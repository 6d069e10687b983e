package org.backupbatch.backup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Hands out work under two caps: at most {@code concurrency} items at once, and at most {@code
 * perHost} at once that share a host. Shared hosts throttle or ban an account that opens too
 * many SSH sessions, so the per-host cap is not a hint: an item waits, even with threads free,
 * while its host is full, and an item of another host goes first. Items keep their given order
 * otherwise. Plain Java, no Spring: {@link HostCappedPartitionHandler} runs partitions through it.
 *
 * @param <T> the work item
 */
public final class HostCaps<T> {

    private final int concurrency;
    private final int perHost;
    private final Function<T, String> hostOf;
    private final List<T> pending;
    private final Map<String, Integer> running = new HashMap<>();
    private int runningTotal;

    /**
     * @param items       the work, in the order it should start
     * @param concurrency at most this many at once (≥ 1)
     * @param perHost     at most this many at once per host (≥ 1)
     */
    public HostCaps(List<T> items, int concurrency, int perHost, Function<T, String> hostOf) {
        if (concurrency < 1 || perHost < 1) {
            throw new IllegalArgumentException("caps must be at least 1: concurrency=" + concurrency + " per_host="
                    + perHost);
        }
        this.pending = new ArrayList<>(items);
        this.concurrency = concurrency;
        this.perHost = perHost;
        this.hostOf = hostOf;
    }

    /**
     * The next item allowed to start, waiting until one is; null when none is left to start.
     * The caller must call {@link #done} with it when it ends, however it ends.
     */
    public synchronized T next() throws InterruptedException {
        while (true) {
            if (pending.isEmpty()) {
                return null;
            }
            if (runningTotal < concurrency) {
                for (int i = 0; i < pending.size(); i++) {
                    String host = hostOf.apply(pending.get(i));
                    if (running.getOrDefault(host, 0) < perHost) {
                        running.merge(host, 1, Integer::sum);
                        runningTotal++;
                        return pending.remove(i);
                    }
                }
            }
            wait();
        }
    }

    /** An item from {@link #next} has ended: its slots are free. */
    public synchronized void done(T item) {
        running.merge(hostOf.apply(item), -1, Integer::sum);
        runningTotal--;
        notifyAll();
    }

    /** How many items run now on a host (for tests and logs). */
    public synchronized int running(String host) {
        return running.getOrDefault(host, 0);
    }
}
