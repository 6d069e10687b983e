package org.backupbatch.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code java -jar target/backup-batch.jar <words>} started in the background, for the tests that
 * act while it runs: kill it, start another run beside it, break its connection. Its stdout and
 * stderr go to files, read when it has ended.
 */
final class JarRun implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;
    private final long started = System.nanoTime();

    private JarRun(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static JarRun start(Path home, Map<String, String> env, List<String> words) {
        String jar = System.getProperty("backup-batch.jar", "target/backup-batch.jar");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar",
                Path.of(jar).toAbsolutePath().toString()));
        command.addAll(words);
        try {
            Path out = Files.createTempFile("bb-it", ".out");
            Path err = Files.createTempFile("bb-it", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            return new JarRun(builder.start(), out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    /** The process id of the run (to signal it). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL, as the OOM killer or {@code kill -9} would: no shutdown hook, no cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the end of the run (at most {@code timeout}) and gives what it left. */
    Processes.Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + timeout + ": " + stderrSoFar());
            }
            return new Processes.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String stderrSoFar() {
        try {
            return Files.readString(err, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /**
     * Polls {@code condition} every 20 ms until it holds; fails when the run ends first or the
     * timeout passes (the test could not act at the moment it meant to).
     */
    void awaitWhileRunning(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the run ended (exit " + process.exitValue() + ") before " + what + "\n"
                        + stderrSoFar());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "\n" + stderrSoFar());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Whether a backup's work folder ({@code <destination>/<site>/.work}) holds, under any id, the
     * file {@code name} of at least {@code minBytes}: what a test waits for to act mid-stream.
     */
    static boolean anyWorkFile(Path work, String name, long minBytes) {
        if (!Files.isDirectory(work)) {
            return false;
        }
        try (Stream<Path> ids = Files.list(work)) {
            return ids.map(id -> id.resolve(name)).anyMatch(f -> {
                try {
                    return Files.isRegularFile(f) && Files.size(f) >= minBytes;
                } catch (IOException e) {
                    return false; // renamed meanwhile
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
