package org.backupbatch.remote;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.Shell;

/**
 * A site's shell opened ahead of need, on a thread of its own, while the process does work it
 * does anyway (Spring's context, the job repository): the SSH handshake, the loading of the SSH
 * and crypto classes and of the site's configuration then overlap with it instead of following
 * it (issue 12). The backup's validate step takes the shell ({@link #take}) and owns it from
 * then on, as one it opened itself; a shell nobody takes is closed by {@link #closeUntaken}.
 * A failure to open is reported to whoever takes it, as if the taker had opened it.
 */
public final class ShellAhead {

    /** Site name → the shell being opened, and the configuration it was opened with. */
    private static final Map<String, Pending> AHEAD = new ConcurrentHashMap<>();

    private record Pending(CompletableFuture<SiteConfig> config, CompletableFuture<Shell> shell) {
    }

    private ShellAhead() {
    }

    /**
     * Starts opening the site's shell ({@link SiteShells#open}: tracked, so a stop ends it) on a
     * daemon thread; once per site. A configuration that cannot be read opens nothing: the run
     * reports it as it would have.
     */
    public static void open(String site, Supplier<SiteConfig> config) {
        Pending pending = new Pending(new CompletableFuture<>(), new CompletableFuture<>());
        if (AHEAD.putIfAbsent(site, pending) != null) {
            return;
        }
        Thread opener = new Thread(() -> {
            try {
                SiteConfig read = config.get();
                pending.config().complete(read);
                pending.shell().complete(SiteShells.open(read));
            } catch (Throwable e) { // handed to the taker, or dropped with the shell nobody takes
                pending.config().completeExceptionally(e);
                pending.shell().completeExceptionally(e);
            }
        }, "ssh-ahead-" + site);
        opener.setDaemon(true);
        opener.start();
    }

    /**
     * The shell opened ahead for this site, once, if it was opened with the same transport and
     * SSH settings; else a new one ({@link SiteShells#open}). The caller owns and closes it.
     */
    public static Shell take(SiteConfig config) throws IOException {
        Pending pending = AHEAD.remove(config.site().name());
        if (pending == null) {
            return SiteShells.open(config);
        }
        SiteConfig used = pending.config().exceptionally(e -> null).join();
        if (used == null || used.site().transport() != config.site().transport() || !Objects.equals(used.ssh(), config.ssh())) {
            pending.shell().thenAccept(Shell::close); // another configuration than the step's: not this one
            return SiteShells.open(config);
        }
        try {
            return pending.shell().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.shell().thenAccept(Shell::close);
            throw new InterruptedIOException("interrupted while connecting to " + config.site().name());
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Closes the shells opened ahead that no step took (a run that ended before its validate step). */
    public static void closeUntaken() {
        AHEAD.values().forEach(pending -> pending.shell().thenAccept(Shell::close));
        AHEAD.clear();
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}
