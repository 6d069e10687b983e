package org.backupbatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real GNU tar that a backup runs on the test host, seen from {@code /proc} as root and held
 * still with SIGSTOP while a test changes the site under it, so that a race with a live site
 * happens every time instead of by luck. The product's command is untouched: a stopped process is
 * what a busy host does to it anyway, only longer. The tar is recognised by its working folder
 * (the site's, unique to the test) and caught while it holds a chosen big file open, early in its
 * reading; {@link #stopInside} proves it stopped there, mid-file, or fails.
 */
final class HeldTar {

    private final long pid;

    private HeldTar(long pid) {
        this.pid = pid;
    }

    /** Waits for the tar whose working folder is {@code site}, while {@code run} lives. */
    static HeldTar await(JarRun run, Path site, Duration timeout) throws InterruptedException, IOException {
        Path real = site.toRealPath(); // what /proc shows
        long[] found = {-1};
        run.awaitWhileRunning("a tar working in " + site, timeout, () -> {
            found[0] = tarIn(real).orElse(-1L);
            return found[0] > 0;
        });
        return new HeldTar(found[0]);
    }

    /**
     * Waits until tar has {@code bigFile} open, stops it, and checks that it stopped with the file
     * still open and not read to its end.
     *
     * @return how many bytes of the file tar had read when it stopped
     */
    long stopInside(JarRun run, Path bigFile, Duration timeout) throws InterruptedException, IOException {
        Path file = bigFile.toRealPath();
        // polled every millisecond: through pigz, tar reads a file of text in a fraction of a second
        long deadline = System.nanoTime() + timeout.toNanos();
        while (descriptorOf(file).isEmpty()) {
            if (!run.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no tar reading " + file + " (the run " + (run.isAlive() ? "is still going"
                        : "ended") + ")\n" + run.stderrSoFar());
            }
            Thread.sleep(1);
        }
        Processes.check(List.of("kill", "-STOP", Long.toString(pid)), null);
        run.awaitWhileRunning("tar stopped", timeout, () -> "T".equals(state()));
        String fd = descriptorOf(file).orElseThrow(
                () -> new AssertionError("tar left " + file + " before it was stopped: the file is too small"));
        long read = position(fd);
        long size = size(file);
        if (read >= size) {
            throw new AssertionError("tar had read all " + size + " bytes of " + file + " when it was stopped");
        }
        return read;
    }

    /** Lets tar go on; harmless when it has ended (a test's {@code finally} calls it). */
    void resume() {
        Processes.run(List.of("kill", "-CONT", Long.toString(pid)), null, java.util.Map.of(), null);
    }

    private static Optional<Long> tarIn(Path site) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> "tar".equals(read(p.resolve("comm")).strip()))
                    .filter(p -> site.toString().equals(link(p.resolve("cwd"))))
                    // the stream's tar, not a short-lived one of the checks (tar --version)
                    .filter(p -> read(p.resolve("cmdline")).contains("--files-from") || read(p.resolve("cmdline"))
                            .contains("\0-T\0"))
                    .map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Optional<String> descriptorOf(Path file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.filter(fd -> file.toString().equals(link(fd))).map(fd -> fd.getFileName().toString())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty(); // tar has ended; the caller's wait reports it
        }
    }

    private String state() {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        int end = stat.lastIndexOf(')');
        return end < 0 ? "" : stat.substring(end + 2, end + 3);
    }

    private long position(String fd) {
        for (String line : read(Path.of("/proc/" + pid + "/fdinfo/" + fd)).split("\n")) {
            if (line.startsWith("pos:")) {
                return Long.parseLong(line.substring(4).strip());
            }
        }
        throw new AssertionError("no position for fd " + fd + " of tar " + pid);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // the process ended meanwhile
        }
    }

    private static String link(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
