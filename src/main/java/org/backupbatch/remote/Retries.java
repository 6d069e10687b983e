package org.backupbatch.remote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.TransportException;
import org.backupbatch.errors.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Runs a transfer again when the connection failed under it ({@link TransportException}: reset,
 * lost, refused), {@code backup.retries} times, waiting {@code retry_delay_seconds} doubled at
 * each attempt (at most 5 minutes). Any other failure ends the step at once. Each failed attempt
 * is logged with its cause.
 */
public final class Retries {

    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);

    private Retries() {
    }

    public static <T> T run(String what, SiteConfig.Backup settings, Retryable<T> work) throws Exception {
        RetryPolicy policy = RetryPolicy.builder()
                .maxRetries(settings.retries())
                .delay(Duration.ofSeconds(settings.retryDelaySeconds()))
                .multiplier(2)
                .maxDelay(MAX_DELAY)
                .includes(TransportException.class)
                .build();
        AtomicInteger attempt = new AtomicInteger();
        int attempts = settings.retries() + 1;
        try {
            return new RetryTemplate(policy).execute(() -> {
                int n = attempt.incrementAndGet();
                try {
                    return work.execute();
                } catch (TransportException e) {
                    if (StopRequest.requested()) {
                        // the connection was cut by the stop itself: trying again would undo it
                        throw new StopRequest.Stopped(what);
                    }
                    LOG.warn("{}: attempt {} of {} failed: {}{}", what, n, attempts, e.getMessage(),
                            n < attempts ? "; trying again" : "");
                    throw e;
                }
            });
        } catch (RetryException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
