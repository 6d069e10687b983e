package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.backupbatch.archive.Compressibility;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.ListedEntry;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * Splits a site's selected paths into two lists for {@code tar --null --no-recursion -T -}: the
 * files that do not compress ({@link Compressibility}) and everything else, folders and links
 * included. Reads the listing of {@code find . -printf '%y %s %p\0'} (type, size, path), keeps the
 * paths {@link FileSelector} chooses, and samples the large files whose name does not tell, all
 * in one remote script: {@code head -c 256K | gzip -1 | wc -c} for each. Both lists keep the
 * listing's order (folders before what they hold), so that extracting the stored stream first
 * and the gzip stream after restores every folder's time last. Everything goes through files of
 * the work folder: memory holds one branch of the tree, never the listing.
 */
final class FilesSplit {

    /** The find command whose output {@link #split} reads. */
    static final String FIND = "find . -printf '%y %s %p\\0'";
    private static final int PATH_MISSING = 97;
    private static final byte GZIP = 'G';
    private static final byte STORED = 'S';
    private static final byte SAMPLE = '?';

    /**
     * The two lists.
     *
     * @param selected    paths selected, the root included
     * @param storedCount paths in the stored list
     * @param sampled     files whose content was sampled on the host
     */
    record Lists(Path gzip, Path stored, long selected, long storedCount, long sampled) {
    }

    private final Shell shell;
    private final Duration timeout;

    FilesSplit(Shell shell, Duration timeout) {
        this.shell = shell;
        this.timeout = timeout;
    }

    /** Splits the listing into {@code files.gzip.selected} and {@code files.stored.selected} in the work folder. */
    Lists split(Path listing, FileSelector selector, String remotePath, Path workDir) throws IOException {
        Path tagged = workDir.resolve("files.tagged");
        Path candidates = workDir.resolve("files.sample");
        Path samples = workDir.resolve("files.sample.out");
        Tags tags;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(listing), 1 << 16);
                OutputStream out = new BufferedOutputStream(PrivateFiles.newOutputStream(tagged), 1 << 16);
                OutputStream sample = new BufferedOutputStream(PrivateFiles.newOutputStream(candidates), 1 << 16)) {
            tags = tag(in, selector, out, sample);
        }
        if (tags.candidates() > 0) {
            sample(remotePath, candidates, samples);
        } else {
            PrivateFiles.write(samples, new byte[0]);
        }
        Lists lists = route(tagged, samples, workDir, tags);
        Files.delete(tagged);
        Files.delete(candidates);
        Files.delete(samples);
        return lists;
    }

    private record Tags(long selected, long candidates) {
    }

    /** Tags each selected path G, S or ? (sample it), folders written before what they hold. */
    static Tags tag(InputStream listing, FileSelector selector, OutputStream tagged, OutputStream candidates)
            throws IOException {
        FileSelector.Walk walk = selector.walk();
        long selected = 0;
        long sample = 0;
        String record;
        while ((record = next(listing)) != null) {
            int first = record.indexOf(' ');
            int second = first < 0 ? -1 : record.indexOf(' ', first + 1);
            if (first != 1 || second < 0) {
                throw new IOException("not a '<type> <size> <path>' record of a find listing: " + record);
            }
            char type = record.charAt(0);
            long size = Long.parseLong(record.substring(first + 1, second));
            String path = record.substring(second + 1);
            Compressibility.Kind kind = type == 'f' ? Compressibility.byName(path, size) : Compressibility.Kind.GZIP;
            byte tag = kind == Compressibility.Kind.STORED ? STORED : kind == Compressibility.Kind.SAMPLE ? SAMPLE : GZIP;
            long[] sampled = {0};
            selected += walk.offer(path, p -> {
                boolean self = p.equals(path);
                write(tagged, self ? tag : GZIP, p);
                if (self && tag == SAMPLE) {
                    write(candidates, p);
                    sampled[0]++;
                }
            });
            sample += sampled[0];
        }
        return new Tags(selected, sample);
    }

    /** One remote script for every candidate: the size of its first 256 KB through gzip -1, a line each. */
    private void sample(String remotePath, Path candidates, Path samples) throws IOException {
        String script = "LC_ALL=C\nexport LC_ALL\ncd -- " + quote(remotePath) + " || exit " + PATH_MISSING + "\n"
                + "exec xargs -0 sh -c 'for f do head -c " + Compressibility.SAMPLE_BYTES
                + " -- \"$f\" 2>/dev/null | gzip -1 | wc -c; done' sh";
        CommandResult result;
        try (InputStream in = Files.newInputStream(candidates); OutputStream out = PrivateFiles.newOutputStream(samples)) {
            result = shell.run(script, in, out, timeout);
        }
        if (result.exitStatus() != 0) {
            throw new IOException("sampling the large files of " + remotePath + " on " + shell.describe()
                    + " failed with status " + result.exitStatus() + ": " + result.stderrTail(3));
        }
    }

    /** Writes the two lists: a sampled file goes where its sample says. */
    private static Lists route(Path tagged, Path samples, Path workDir, Tags tags) throws IOException {
        Path gzip = workDir.resolve("files.gzip.selected");
        Path stored = workDir.resolve("files.stored.selected");
        long storedCount = 0;
        long sampled = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tagged), 1 << 16);
                BufferedReader sizes = new BufferedReader(new InputStreamReader(Files.newInputStream(samples),
                        StandardCharsets.US_ASCII));
                OutputStream g = new BufferedOutputStream(PrivateFiles.newOutputStream(gzip), 1 << 16);
                OutputStream s = new BufferedOutputStream(PrivateFiles.newOutputStream(stored), 1 << 16)) {
            String record;
            while ((record = next(in)) != null) {
                byte tag = (byte) record.charAt(0);
                if (tag == SAMPLE) {
                    tag = bySample(sizes.readLine(), record);
                    sampled++;
                }
                write(tag == STORED ? s : g, record.substring(1));
                storedCount += tag == STORED ? 1 : 0;
            }
            if (sampled != tags.candidates() || sizes.readLine() != null) {
                throw new IOException("the host sampled a different number of files than the " + tags.candidates()
                        + " asked for");
            }
        }
        return new Lists(gzip, stored, tags.selected(), storedCount, sampled);
    }

    private static byte bySample(String line, String record) throws IOException {
        if (line == null) {
            throw new IOException("the host's samples end before " + record.substring(1));
        }
        long compressed = Long.parseLong(line.trim());
        return Compressibility.bySample(Compressibility.SAMPLE_BYTES, compressed) == Compressibility.Kind.STORED
                ? STORED : GZIP;
    }

    /** Writes {@code <tag>path\0}. */
    private static void write(OutputStream out, byte tag, String path) throws IOException {
        out.write(tag);
        write(out, path);
    }

    /** Writes {@code path\0}, as tar -T reads it. */
    private static void write(OutputStream out, String path) throws IOException {
        out.write(path.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
    }

    private static String next(InputStream in) throws IOException {
        return ListedEntry.field(in);
    }
}
