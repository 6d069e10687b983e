package org.backupbatch.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's notice as the site's {@code notify} settings ask: on a failure, and on a success
 * when asked; by webhook and by mail at once. Never throws: a notice that cannot be sent, or is
 * not sent within the time allowed (about 12 s in all), is a warning in the log, and the run's
 * exit code is the run's. Messages name the webhook without its query and the SMTP server, never
 * a password or a header's value.
 */
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration EACH = Duration.ofSeconds(10);
    private static final Duration IN_ALL = Duration.ofSeconds(12);

    private final WebhookNotice webhook;
    private final MailNotice mail;
    private final Duration inAll;

    public Notifier() {
        this(EACH, IN_ALL);
    }

    /**
     * @param each  timeout of one connection, read or write
     * @param inAll the longest the run waits for all its notices
     */
    Notifier(Duration each, Duration inAll) {
        this.webhook = new WebhookNotice(each);
        this.mail = new MailNotice(each);
        this.inAll = inAll;
    }

    /** Sends {@code notice} if {@code notify} asks for it; {@code notify} may be null (nobody to tell). */
    public void send(SiteConfig.Notify notify, Notice notice) {
        if (notify == null || !(notice.succeeded() ? notify.onSuccess() : notify.onFailure())) {
            return;
        }
        List<String> channels = new ArrayList<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        if (notify.webhook() != null) {
            channels.add("webhook " + WebhookNotice.shown(notify.webhook().url()));
            tasks.add(() -> {
                webhook.send(notify.webhook(), notice);
                return null;
            });
        }
        if (notify.mail() != null) {
            channels.add("mail to " + notify.mail().to() + " through " + notify.mail().smtpHost() + ":"
                    + notify.mail().smtpPort());
            tasks.add(() -> {
                mail.send(notify.mail(), notice);
                return null;
            });
        }
        run(tasks, channels, notice);
    }

    private void run(List<Callable<Void>> tasks, List<String> channels, Notice notice) {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size(), r -> {
            Thread thread = new Thread(r, "notice");
            thread.setDaemon(true); // a hung server must not keep the JVM from exiting
            return thread;
        });
        try {
            List<Future<Void>> results = threads.invokeAll(tasks, inAll.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < results.size(); i++) {
                report(results.get(i), channels.get(i), notice);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("notice of {} not sent: interrupted", notice.title());
        } finally {
            threads.shutdownNow();
        }
    }

    private void report(Future<Void> result, String channel, Notice notice) throws InterruptedException {
        try {
            result.get();
            LOG.info("notice of {} sent: {}", notice.title(), channel);
        } catch (java.util.concurrent.CancellationException e) {
            LOG.warn("notice of {} not sent by {} within {} s; given up", notice.title(), channel, inAll.toSeconds());
        } catch (ExecutionException e) {
            LOG.warn("notice of {} not sent by {}: {}", notice.title(), channel, Secret.mask(describe(e.getCause())));
        }
    }

    /** The cause's message, and its root's, on one line. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
