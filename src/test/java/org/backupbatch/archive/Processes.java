package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real GNU tools the tests compare against; stdin, stdout and stderr all drain at once. */
final class Processes {

    private Processes() {
    }

    /** What a finished process left. */
    record Outcome(int status, byte[] stdout, String stderr) {
    }

    static Outcome run(Path dir, byte[] stdin, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        byte[][] err = new byte[1][];
        Thread errPump = start(() -> err[0] = readAll(process.getErrorStream()));
        Thread inPump = start(() -> feed(stdin, process.getOutputStream()));
        try (InputStream out = process.getInputStream()) {
            byte[] stdout = out.readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("still running after 60 s: " + command);
            }
            errPump.join();
            inPump.join();
            return new Outcome(process.exitValue(), stdout, new String(err[0], StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        } finally {
            process.destroyForcibly();
        }
    }

    static Outcome sh(Path dir, byte[] stdin, String script) throws IOException {
        return run(dir, stdin, List.of("sh", "-c", script));
    }

    /** Runs the script, asserts it exited 0 with nothing on stderr, and returns its stdout. */
    static byte[] shOk(Path dir, byte[] stdin, String script) throws IOException {
        Outcome outcome = sh(dir, stdin, script);
        assertThat(outcome.status()).as("status of %s (stderr: %s)", script, outcome.stderr()).isZero();
        assertThat(outcome.stderr()).as("stderr of %s", script).isEmpty();
        return outcome.stdout();
    }

    private static Thread start(Runnable body) {
        Thread thread = new Thread(body, "test-process-pump");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void feed(byte[] stdin, OutputStream processIn) {
        try (processIn) {
            if (stdin != null) {
                processIn.write(stdin);
            }
        } catch (IOException e) {
            // the process ended without reading all of it: its status tells
        }
    }
}
