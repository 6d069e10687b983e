package org.backupbatch.remote;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one progress reporter of every long step (files stream, dump, assemble, verify, restore's
 * files and database): it is fed byte counts as they pass ({@link #accept}) and shows them where
 * somebody can see them. On a terminal that is one line on stderr, rewritten in place, with the
 * rate and, when the size to expect is known (the site's last backup, or the archive being
 * read), an ETA. Elsewhere (cron, a scheduler) a terminal line would be noise in a log file: a
 * log line every interval (30 s by default) instead. Both end with one log line for the step:
 * bytes, duration, rate. Not thread-safe: one writer feeds it.
 */
public final class Progress implements LongConsumer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    /** Seconds between log lines when not on a terminal; default 30. */
    public static final String INTERVAL_VARIABLE = "BACKUP_BATCH_PROGRESS_INTERVAL";
    /** {@code terminal}, {@code log} or {@code auto} (default: terminal when there is a console). */
    public static final String DISPLAY_VARIABLE = "BACKUP_BATCH_PROGRESS";
    private static final long REDRAW_NANOS = 250_000_000L;

    /** Where progress goes. */
    public enum Display { TERMINAL, LOG }

    /** How progress is shown: the display, and the interval between log lines. */
    public record Settings(Display display, Duration interval) {

        /** From the environment ({@link #INTERVAL_VARIABLE}, {@link #DISPLAY_VARIABLE}) and the console. */
        public static Settings of(Map<String, String> env, boolean console) {
            String display = env.getOrDefault(DISPLAY_VARIABLE, "auto");
            Display chosen = switch (display) {
                case "terminal" -> Display.TERMINAL;
                case "log" -> Display.LOG;
                default -> console ? Display.TERMINAL : Display.LOG;
            };
            String interval = env.get(INTERVAL_VARIABLE);
            long seconds = 30;
            if (interval != null && interval.matches("[1-9][0-9]{0,5}")) {
                seconds = Long.parseLong(interval);
            }
            return new Settings(chosen, Duration.ofSeconds(seconds));
        }
    }

    private static volatile Settings defaults = Settings.of(System.getenv(), System.console() != null);

    private final String what;
    private final long expected;
    private final Settings settings;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final PrintStream terminal;
    private final long start;
    private long bytes;
    private long lastShown;
    private boolean drawn;
    private boolean closed;

    /**
     * @param what     what moves, for people: "files of /var/www/blog"
     * @param expected bytes expected in all, for the ETA; 0 or less when unknown
     * @param clock    nanoseconds, as {@link System#nanoTime()}
     * @param log      where log lines go
     * @param terminal where the terminal line goes (stderr)
     */
    Progress(String what, long expected, Settings settings, LongSupplier clock, Consumer<String> log,
            PrintStream terminal) {
        this.what = what;
        this.expected = expected;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.terminal = terminal;
        this.start = clock.getAsLong();
        this.lastShown = start;
    }

    /** A reporter with this process's settings, the log and stderr. */
    public static Progress start(String what, long expected) {
        return new Progress(what, expected, defaults, System::nanoTime, LOG::info, System.err);
    }

    /** Replaces this process's settings (read from the environment at start-up). */
    public static void configure(Settings settings) {
        defaults = settings;
    }

    /** Counts {@code n} more bytes, and shows them when it is time. */
    @Override
    public void accept(long n) {
        bytes += n;
        long now = clock.getAsLong();
        if (settings.display() == Display.TERMINAL) {
            if (now - lastShown >= REDRAW_NANOS) {
                lastShown = now;
                terminal.print("\r" + line(what, bytes, now - start, expected) + "\u001b[K");
                terminal.flush();
                drawn = true;
            }
        } else if (now - lastShown >= settings.interval().toNanos()) {
            lastShown = now;
            log.accept(line(what, bytes, now - start, expected));
        }
    }

    public long bytes() {
        return bytes;
    }

    /** Time since the start, in milliseconds. */
    public long elapsedMillis() {
        return (clock.getAsLong() - start) / 1_000_000;
    }

    /** Ends the terminal line and logs the step's total. Only the first call counts. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (drawn) {
            terminal.print("\r\u001b[K");
            terminal.flush();
        }
        log.accept(done(what, bytes, clock.getAsLong() - start));
    }

    /**
     * The progress line: {@code files of /srv/blog: 120MB of ~1.2GB (10%), 12MB/s, ETA 1m32s}, or
     * without the expected size {@code files of /srv/blog: 120MB, 12MB/s}. Past the expected size
     * (a site that grew) the share and ETA are left out rather than shown wrong.
     */
    static String line(String what, long bytes, long elapsedNanos, long expected) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        long rate = (long) (bytes / seconds);
        StringBuilder text = new StringBuilder(what).append(": ").append(Sizes.human(bytes));
        if (expected > 0 && bytes <= expected) {
            text.append(" of ~").append(Sizes.human(expected))
                    .append(String.format(Locale.ROOT, " (%d%%)", bytes * 100 / expected));
        }
        text.append(", ").append(Sizes.human(rate)).append("/s");
        if (expected > 0 && bytes <= expected && rate > 0) {
            text.append(", ETA ").append(duration((expected - bytes) / rate));
        }
        return text.toString();
    }

    /** The step's last line: {@code files of /srv/blog: 1.2GB in 1m40s (12MB/s)}. */
    static String done(String what, long bytes, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        return what + ": " + Sizes.human(bytes) + " in " + duration(elapsedNanos / 1_000_000_000L) + " ("
                + Sizes.human((long) (bytes / seconds)) + "/s)";
    }

    /** {@code 45s}, {@code 3m05s}, {@code 2h07m}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
