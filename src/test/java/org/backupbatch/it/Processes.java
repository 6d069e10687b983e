package org.backupbatch.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real programs for the tests: the packaged jar, tar, the mariadb client. */
final class Processes {

    /** What a finished process left. */
    record Result(int exit, String stdout, String stderr) {

        /** The last line on stdout: the summary line. */
        String summary() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, byte[] stdin) {
        try {
            Path out = Files.createTempFile("bb-it", ".out");
            Path err = Files.createTempFile("bb-it", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs and asserts exit 0. */
    static String check(List<String> command, Path dir) {
        Result result = run(command, dir, Map.of(), null);
        if (result.exit() != 0) {
            throw new AssertionError(command + " failed: " + result);
        }
        return result.stdout();
    }

    /** {@code java -jar target/backup-batch.jar <words>} in {@code home}. */
    static Result backupBatch(Path home, Map<String, String> env, String... words) {
        return run(jarCommand(words), home, env, null);
    }

    /** The same with another heap limit, e.g. {@code -Xmx64m}: what the tool promises to fit in. */
    static Result backupBatchWithHeap(String xmx, Path home, Map<String, String> env, String... words) {
        List<String> command = jarCommand(words);
        command.set(1, xmx);
        return run(command, home, env, null);
    }

    /** The same, started by {@code sh} with the umask given (e.g. {@code 022}, a common default). */
    static Result backupBatchUnderUmask(String umask, Path home, Map<String, String> env, String... words) {
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "umask \"$0\" && exec \"$@\"", umask));
        command.addAll(jarCommand(words));
        return run(command, home, env, null);
    }

    private static List<String> jarCommand(String... words) {
        String jar = System.getProperty("backup-batch.jar", "target/backup-batch.jar");
        List<String> command = new java.util.ArrayList<>(List.of("java", "-Xmx256m", "-jar",
                Path.of(jar).toAbsolutePath().toString()));
        command.addAll(List.of(words));
        return command;
    }
}
