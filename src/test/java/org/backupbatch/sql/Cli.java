package org.backupbatch.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real mariadb, mysqldump and php the tests check against; stdin, stdout, stderr drain at once. */
final class Cli {

    private Cli() {
    }

    /** What a finished command left. */
    record Outcome(int status, byte[] stdout, String stderr) {

        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    static Outcome run(byte[] stdin, String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        byte[][] err = new byte[1][];
        Thread errPump = start(() -> err[0] = readAll(process.getErrorStream()));
        Thread inPump = start(() -> feed(stdin, process.getOutputStream()));
        try (InputStream out = process.getInputStream()) {
            byte[] stdout = out.readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("still running after 120 s: " + List.of(command));
            }
            errPump.join();
            inPump.join();
            return new Outcome(process.exitValue(), stdout, new String(err[0], StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + List.of(command), e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Runs the command and returns its stdout; fails the test when it exits non-zero. */
    static byte[] ok(byte[] stdin, String... command) throws IOException {
        Outcome outcome = run(stdin, command);
        if (outcome.status() != 0) {
            throw new AssertionError(List.of(command) + " exited " + outcome.status() + ": " + outcome.stderr());
        }
        return outcome.stdout();
    }

    /** SQL run by the mariadb client as root over the socket (so as root@localhost); tab-separated rows. */
    static String sql(String database, String statements) throws IOException {
        List<String> command = new ArrayList<>(List.of("mariadb", "-uroot", "-N", "-B", "--raw"));
        if (database != null) {
            command.add(database);
        }
        return new String(ok(statements.getBytes(StandardCharsets.UTF_8), command.toArray(String[]::new)),
                StandardCharsets.UTF_8);
    }

    /** A dump made with the flags the backup uses (PRODUCT §6). */
    static byte[] mysqldump(String database) throws IOException {
        return ok(null, "mysqldump", "-uroot", "--single-transaction", "--quick", "--routines", "--triggers",
                "--events", "--hex-blob", "--default-character-set=utf8mb4", "--no-tablespaces", database);
    }

    /** Loads a dump (DELIMITER and all) with the mariadb client, as root@localhost. */
    static void load(String database, byte[] dump) throws IOException {
        ok(dump, "mariadb", "-uroot", database);
    }

    /** A database name no other test run uses. */
    static String freshDatabaseName() {
        return "bb_sqltest_" + ProcessHandle.current().pid() + "_" + Long.toHexString(System.nanoTime());
    }

    private static Thread start(Runnable body) {
        Thread thread = new Thread(body, "test-cli-pump");
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
