package org.backupbatch.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostCapsTest {

    @Test
    void anItemOfAFullHostWaitsWhileAnItemOfAnotherHostGoesFirst() throws Exception {
        // given: a1, a2 on host a, b1 on host b; one per host, two at once
        HostCaps<String> caps = new HostCaps<>(List.of("a1", "a2", "b1"), 2, 1, item -> item.substring(0, 1));
        // when
        String first = caps.next();
        String second = caps.next();
        // then
        assertThat(first).isEqualTo("a1");
        assertThat(second).isEqualTo("b1");
        assertThat(caps.running("a")).isEqualTo(1);
        // when a1 ends, a2 may start
        caps.done(first);
        assertThat(caps.next()).isEqualTo("a2");
        caps.done("a2");
        caps.done(second);
        assertThat(caps.next()).isNull();
    }

    @Test
    void manyThreadsNeverExceedEitherCap() throws Exception {
        // given: 40 items over 3 hosts, 6 threads, caps 4 overall and 2 per host
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add("abc".charAt(i % 3) + "-" + i);
        }
        HostCaps<String> caps = new HostCaps<>(items, 4, 2, item -> item.substring(0, 1));
        AtomicInteger total = new AtomicInteger();
        AtomicInteger maxTotal = new AtomicInteger();
        Map<String, AtomicInteger> perHost = new ConcurrentHashMap<>();
        Map<String, Integer> maxPerHost = new ConcurrentHashMap<>();
        AtomicInteger ran = new AtomicInteger();
        // when
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (String item = caps.next(); item != null; item = caps.next()) {
                        String host = item.substring(0, 1);
                        int now = perHost.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                        maxPerHost.merge(host, now, Math::max);
                        maxTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
                        Thread.sleep(3);
                        total.decrementAndGet();
                        perHost.get(host).decrementAndGet();
                        ran.incrementAndGet();
                        caps.done(item);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        // then
        assertThat(ran.get()).isEqualTo(40);
        assertThat(maxTotal.get()).isBetween(2, 4);
        assertThat(maxPerHost.values()).allSatisfy(max -> assertThat(max).isLessThanOrEqualTo(2));
    }

    @Test
    void capsBelowOneAreRefused() {
        assertThatThrownBy(() -> new HostCaps<>(List.of("x"), 0, 1, x -> x)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostCaps<>(List.of("x"), 1, 0, x -> x)).isInstanceOf(IllegalArgumentException.class);
    }
}
