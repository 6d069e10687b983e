package org.backupbatch.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts with {@code sh -c} on this machine: the {@code local} transport (files on a mounted
 * folder, the database reached over the network). Same contract as {@link SshShell}.
 */
public final class LocalShell implements Shell {

    private static final long POLL_MILLIS = 50;

    /** The scripts running now: two streams may run at once (see FilesStreamer). */
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    @Override
    public CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
            throws IOException {
        Process process = new ProcessBuilder("sh", "-c", script).start();
        running.add(process);
        StderrCollector stderr = new StderrCollector();
        GuardedOutputStream out = new GuardedOutputStream(stdout);
        Silence silence = new Silence();
        Thread outPump = pump(process.getInputStream(), silence.watch(out), "stdout");
        Thread errPump = pump(process.getErrorStream(), silence.watch(stderr), "stderr");
        Thread inPump = feed(silence.watch(stdin), process.getOutputStream());
        try {
            // the timeout is the longest silence allowed, not the command's length (Silence)
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (silence.exceeds(timeout)) {
                    kill(process);
                    throw Silence.stalled("the local command", timeout);
                }
            }
            outPump.join();
            errPump.join();
            inPump.join();
            out.rethrowFailure();
            return stderr.result(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the local command", e);
        } finally {
            running.remove(process);
            kill(process);
        }
    }

    /** Ends the script and every command it started (a pipeline's stages keep pipes open). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Thread pump(InputStream in, OutputStream out, String name) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // the stream's owner sees the failure (GuardedOutputStream) or the exit status
            }
        }, "local-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread feed(InputStream stdin, OutputStream processIn) {
        Thread t = new Thread(() -> {
            try (processIn) {
                if (stdin != null) {
                    stdin.transferTo(processIn);
                }
            } catch (IOException e) {
                // the command ended without reading all its input: its exit status tells
            }
        }, "local-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public String describe() {
        return "this machine";
    }

    @Override
    public void abort() {
        running.forEach(LocalShell::kill);
    }

    @Override
    public void close() {
        abort();
    }
}
