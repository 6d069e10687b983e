package org.backupbatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The test SSH account's side of this machine as root sees it: its processes (to find and kill
 * the shell or the sshd session that serves a run) and what it can write to (to look for a
 * secret left behind).
 */
final class ServerSide {

    /** Where the test user can write: the temporary folders and its home. */
    static final List<String> WRITABLE = List.of("/tmp", "/var/tmp", "/dev/shm", TestEnv.sshHome().toString());
    /** This project's folder, quoted for sh: left out of the searches. */
    private static final String PROJECT = "'" + Path.of("").toAbsolutePath().toString().replace("'", "'\\''") + "'";

    /** A line of {@code ps}. */
    record Proc(long pid, long ppid, String user, String args) {
    }

    private ServerSide() {
    }

    static List<Proc> processes() {
        String out = Processes.check(List.of("ps", "-e", "-ww", "-o", "pid=,ppid=,user:32=,args="), null);
        List<Proc> all = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+", 4);
            if (f.length == 4) {
                all.add(new Proc(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]));
            }
        }
        return all;
    }

    /** The test user's first process that {@code matches}, if any. */
    static Optional<Proc> find(Predicate<Proc> matches) {
        return processes().stream().filter(p -> p.user().equals(TestEnv.sshUser())).filter(matches).findFirst();
    }

    /**
     * The ancestors of a process up to the sshd session that serves it, nearest first: the last
     * is {@code sshd: <user>@notty}, the one before it the login shell running the script.
     */
    static List<Proc> chainToSshd(Proc start) {
        Map<Long, Proc> byPid = new java.util.HashMap<>();
        processes().forEach(p -> byPid.put(p.pid(), p));
        List<Proc> chain = new ArrayList<>();
        for (Proc p = byPid.get(start.ppid()); p != null; p = byPid.get(p.ppid())) {
            chain.add(p);
            if (p.args().startsWith("sshd: " + TestEnv.sshUser() + "@")) {
                return chain;
            }
        }
        throw new AssertionError("no sshd session above " + start + ": " + chain);
    }

    static void kill9(Proc p) {
        Processes.check(List.of("kill", "-KILL", Long.toString(p.pid())), null);
    }

    /** Waits until none of the test user's processes has {@code text} in its arguments. */
    static void awaitNoProcessWith(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (find(p -> p.args().contains(text)).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still running after " + timeout + ": " + find(p -> p.args().contains(text)));
            }
            Thread.sleep(100);
        }
    }

    /**
     * The files under {@link #WRITABLE} changed since {@code sinceEpochSecond} that hold
     * {@code secret} (root's grep, fixed string, binary files included). The secret goes to grep
     * in a pattern file, never on its command line. This project's folder is left out wherever it
     * lies (a clone in {@code /tmp}): the tool's home, the backup side, is there.
     */
    static List<String> filesHolding(String secret, long sinceEpochSecond) throws IOException {
        Path pattern = Files.createTempFile(Path.of("target").toAbsolutePath(), "bb-it-secret", ".txt");
        try {
            Files.writeString(pattern, secret + "\n");
            List<String> command = new ArrayList<>(List.of("sh", "-c", "find \"$@\" -xdev -path " + PROJECT
                    + " -prune -o -type f -newerct @" + (sinceEpochSecond - 1) + " -print0 2>/dev/null"
                    + " | xargs -0 -r grep -lF -D skip -f " + pattern + " -- 2>/dev/null; exit 0", "sh"));
            command.addAll(WRITABLE);
            return lines(Processes.run(command, null, Map.of(), null).stdout());
        } finally {
            Files.delete(pattern);
        }
    }

    /** The option files and other temporary files the tool used to name {@code backup-batch.XXXXXXXX}. */
    static List<String> temporaryFiles(long sinceEpochSecond) {
        List<String> command = new ArrayList<>(List.of("find"));
        command.addAll(WRITABLE);
        command.addAll(List.of("-xdev", "-path", Path.of("").toAbsolutePath().toString(), "-prune", "-o",
                "-newerct", "@" + (sinceEpochSecond - 1), "-user", TestEnv.sshUser(), "-name", "backup-batch.????????",
                "-print"));
        return lines(Processes.run(command, null, Map.of(), null).stdout());
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).sorted().toList();
    }
}
