package org.backupbatch.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the machine's process list as root every 50 ms, in a thread of its own, as another
 * user of a shared host could: every process's arguments ({@code ps -e -ww -o args}) and the
 * environment of the test SSH user's processes ({@code ps e}). It keeps the distinct lines seen,
 * so that a test can show both that the clients ran while it watched and what never appeared.
 */
final class ProcessListSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 50;

    private final Set<String> lines = ConcurrentHashMap.newKeySet();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private ProcessListSampler() {
        thread = new Thread(this::sample, "ps-sampler");
        thread.setDaemon(true);
    }

    static ProcessListSampler start() {
        ProcessListSampler sampler = new ProcessListSampler();
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running) {
            long next = System.currentTimeMillis() + PERIOD_MILLIS;
            take(List.of("ps", "-e", "-ww", "-o", "args="));
            take(List.of("ps", "-u", TestEnv.sshUser(), "e", "-ww", "-o", "args="));
            samples.incrementAndGet();
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void take(List<String> ps) {
        Processes.Result result = Processes.run(ps, null, Map.of(), null);
        for (String line : result.stdout().split("\n")) {
            lines.add(line.strip());
        }
    }

    /** The distinct lines seen so far that contain {@code text}. */
    List<String> linesWith(String text) {
        List<String> found = new ArrayList<>();
        lines.stream().filter(l -> l.contains(text)).forEach(found::add);
        return found;
    }

    int samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
