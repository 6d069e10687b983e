package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.InspectingOutputStream;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.StoredGzip;
import org.backupbatch.archive.Streams;
import org.backupbatch.archive.TarContents;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a site's files: lists the tree with {@code find}, selects paths with the site's
 * patterns, splits them into what compresses and what does not ({@link FilesSplit}), and has the
 * server run, over two channels at once, {@code tar -T - | head -c -1024 | gzip} on the first
 * list and {@code tar -T - | head -c -1024} on the second: gzip's time goes only where it
 * shrinks something, and the plain tar stream is wrapped here into a gzip member of stored
 * blocks ({@link StoredGzip}, no CPU to speak of). Each stream is a tar stream without its end
 * blocks, every entry renamed under {@code backup-<id>/files}, checked as it arrives (walked to
 * its last entry by another thread). Each stage's status is checked; what a live site does
 * between the listing and tar's reading (files that change, shrink or vanish) and unreadable
 * files are warnings, read from tar's stderr by {@link TarMessages}.
 */
public final class FilesStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(FilesStreamer.class);
    private static final int PATH_MISSING = 97;
    /** find's and tar's messages in English and with ASCII quotes, so that {@link TarMessages} can read them. */
    private static final String C_LOCALE = "LC_ALL=C\nexport LC_ALL";

    /**
     * What was received.
     *
     * @param gzFile          the stream gzipped on the host (never absent: the root folder is in it)
     * @param storedFile      the stream of files that do not compress, wrapped here; null when there were none
     * @param compressedBytes the bytes received over SSH, both streams
     */
    public record Result(Path gzFile, String sha256, Path storedFile, String storedSha256, long compressedBytes,
            TarContents.Stats stats, List<String> warnings) {
    }

    /** One stream received: its work file, sum, bytes over SSH, what it holds and its warnings. */
    private record Received(Path file, String sha256, long bytes, TarContents.Stats stats, List<String> warnings) {
    }

    private final Shell shell;
    private final Duration timeout;
    private final Compressor compressor;
    private long expectedBytes;

    public FilesStreamer(Shell shell, Duration timeout, int compressionLevel) {
        this(shell, timeout, Compressor.gzip(compressionLevel));
    }

    /** @param compressor gzip or pigz on the host, see {@link Compressor#choose} */
    public FilesStreamer(Shell shell, Duration timeout, Compressor compressor) {
        this.shell = shell;
        this.timeout = timeout;
        this.compressor = compressor;
    }

    /** The compressed size to expect (the last backup's), for the progress ETA; 0 = unknown. */
    public FilesStreamer expecting(long compressedBytes) {
        this.expectedBytes = compressedBytes;
        return this;
    }

    /**
     * @param root    the top folder in the archive, {@code backup-<id>}
     * @param workDir where the listing and the received streams are written
     */
    public Result stream(String remotePath, List<String> includes, List<String> excludes, String root, Path workDir)
            throws IOException {
        List<String> warnings = new ArrayList<>();
        Path listing = workDir.resolve("files.list.part");
        list(remotePath, FilesSplit.FIND, listing, warnings);
        warnings.forEach(w -> LOG.warn("{}", w));
        FilesSplit.Lists lists = new FilesSplit(shell, timeout)
                .split(listing, new FileSelector(includes, excludes), remotePath, workDir);
        Files.delete(listing);
        LOG.info("{} paths selected under {} on {}: {} that do not compress ({} sampled), the rest through {}",
                lists.selected(), remotePath, shell.describe(), lists.storedCount(), lists.sampled(), compressor);
        return streamLists(remotePath, root, lists, workDir, warnings);
    }

    /**
     * Streams the paths of two lists already made (a full night's split, or an incremental
     * night's changed paths): both streams at once, checked as they arrive, the lists deleted after.
     *
     * @param warnings the listing's warnings, to which the streams' are added
     */
    Result streamLists(String remotePath, String root, FilesSplit.Lists lists, Path workDir, List<String> warnings)
            throws IOException {
        Received[] both = receiveAll(remotePath, root, lists, workDir);
        Received gzip = both[0];
        Received stored = both[1];
        warnings.addAll(gzip.warnings());
        if (stored != null) {
            warnings.addAll(stored.warnings());
        }
        Files.delete(lists.gzip());
        Files.delete(lists.stored());
        return new Result(gzip.file(), gzip.sha256(), stored == null ? null : stored.file(),
                stored == null ? null : stored.sha256(), gzip.bytes() + (stored == null ? 0 : stored.bytes()),
                stored == null ? gzip.stats() : TarContents.sum(gzip.stats(), stored.stats()), List.copyOf(warnings));
    }

    /**
     * Runs both streams at once, the stored one (when there is one) in a thread of its own, one
     * progress for both.
     *
     * @return the gzip stream, then the stored one or null
     */
    private Received[] receiveAll(String remotePath, String root, FilesSplit.Lists lists, Path workDir)
            throws IOException {
        try (Progress progress = Progress.start("files of " + remotePath, expectedBytes)) {
            LongConsumer meter = n -> {
                synchronized (progress) {
                    progress.accept(n);
                }
            };
            FutureTask<Received> storedTask = lists.storedCount() == 0 ? null : new FutureTask<>(() ->
                    receive(remotePath, root, lists.stored(), workDir.resolve("files-stored.tar.gz"), true, meter));
            if (storedTask != null) {
                Thread thread = new Thread(storedTask, "files-stored");
                thread.setDaemon(true);
                thread.start();
            }
            Received gzip = receiveBoth(remotePath, root, lists.gzip(), workDir, meter, storedTask);
            return new Received[] {gzip, storedTask == null ? null : await(storedTask)};
        }
    }

    /**
     * Receives the gzip stream while the stored one runs in its thread. When the gzip stream
     * fails, the stored one is ended too (the shell's channels are aborted) and its failure, a
     * consequence, is kept as suppressed; a stored stream that fails alone is reported by
     * {@link #await}.
     */
    private Received receiveBoth(String remotePath, String root, Path selection, Path workDir, LongConsumer meter,
            FutureTask<Received> storedTask) throws IOException {
        try {
            return receive(remotePath, root, selection, workDir.resolve("files.tar.gz"), false, meter);
        } catch (IOException | RuntimeException e) {
            if (storedTask != null) {
                shell.abort();
                try {
                    await(storedTask);
                } catch (IOException | RuntimeException stored) {
                    e.addSuppressed(stored);
                }
            }
            throw e;
        }
    }

    private static Received await(FutureTask<Received> task) throws IOException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while receiving the files that do not compress");
        }
    }

    /**
     * Runs one tar stream into its work file ({@code *.part} until whole).
     *
     * @param stored whether the host sends plain tar, wrapped here, rather than gzip
     */
    private Received receive(String remotePath, String root, Path selection, Path done, boolean stored,
            LongConsumer meter) throws IOException {
        Path part = done.resolveSibling(done.getFileName() + ".part");
        String what = "files of " + remotePath + (stored ? " (not compressed)" : "");
        MessageDigest digest = Sha256.newDigest();
        List<String> warnings = new ArrayList<>();
        CommandResult result;
        long received;
        TarContents.Stats stats;
        // the stored stream is inspected as written, after its wrapping: gzip framing and CRC included
        try (InputStream in = Files.newInputStream(selection);
                OutputStream file = new DigestOutputStream(PrivateFiles.newOutputStream(part), digest);
                InspectingOutputStream<TarContents.Stats> inspected = new InspectingOutputStream<>(file,
                        stored ? "inspect-stored" : "inspect-files",
                        gz -> TarContents.inspectFilesPart(gz, root + "/files", what));
                Streams.Counting out = new Streams.Counting(new Streams.Metered(
                        stored ? new StoredGzip(inspected) : inspected, meter))) {
            result = shell.run(tarScript(remotePath, root, stored), in, out, timeout);
            received = out.count();
            checkTar(result, remotePath, warnings, !stored);
            out.close();
            stats = inspected.result();
        }
        Files.move(part, done, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Received(done, Sha256.hex(digest), received, stats, warnings);
    }

    /** Runs {@code find} (one exec) in the site's folder into {@code listing}; unreadable folders below are warnings. */
    void list(String remotePath, String find, Path listing, List<String> warnings) throws IOException {
        String script = C_LOCALE + "\ncd -- " + quote(remotePath) + " || exit " + PATH_MISSING + "\nexec " + find;
        CommandResult result;
        try (OutputStream out = PrivateFiles.newOutputStream(listing)) {
            result = shell.run(script, null, out, timeout);
        }
        if (result.exitStatus() == PATH_MISSING) {
            throw new FatalError("files.remote_path " + remotePath + " is not a readable folder on " + shell.describe()
                    + ": " + result.stderrTail(2));
        }
        if (result.exitStatus() == 1) {
            // a folder below that cannot be read, or that vanished, is a warning; the root is the backup
            for (String line : result.stderrLines()) {
                if (line.startsWith("find: '.': ")) {
                    throw new FatalError("files.remote_path " + remotePath + " cannot be listed on "
                            + shell.describe() + ": " + line.substring("find: '.': ".length()));
                }
                warnings.add("listing: " + line);
            }
        } else if (result.exitStatus() != 0) {
            throw new IOException("listing " + remotePath + " on " + shell.describe() + " failed with status "
                    + result.exitStatus() + ": " + result.stderrTail(5));
        }
    }

    private String tarScript(String remotePath, String root, boolean stored) {
        String transform = "s," + "^\\.," + root + "/files,S";
        Pipeline pipeline = new Pipeline()
                .before(C_LOCALE)
                .before("cd -- " + quote(remotePath) + " || exit " + PATH_MISSING)
                .stage("tar", "tar --null --no-recursion -T - -b 1 --format=gnu --ignore-failed-read "
                        + "--transform=" + quote(transform) + " -cf -")
                .stage("head", "head -c -1024");
        return (stored ? pipeline : pipeline.stage("gzip", compressor.command())).script();
    }

    /** @param gzipped whether the pipeline has a gzip stage */
    private void checkTar(CommandResult result, String remotePath, List<String> warnings, boolean gzipped)
            throws IOException {
        Integer tar = result.stageStatuses().get("tar");
        Integer head = result.stageStatuses().get("head");
        Integer gzip = gzipped ? result.stageStatuses().get("gzip") : Integer.valueOf(0);
        if (result.exitStatus() == PATH_MISSING) {
            throw new FatalError("files.remote_path " + remotePath + " disappeared on " + shell.describe());
        }
        if (tar == null || head == null || gzip == null || result.exitStatus() != 0) {
            throw new IOException("files stream from " + shell.describe() + " ended before the remote pipeline did "
                    + "(exit " + result.exitStatus() + ", stages " + result.stageStatuses() + "): "
                    + result.stderrTail(5));
        }
        if (head != 0 || gzip != 0) {
            throw new IOException("remote pipeline failed on " + shell.describe() + ": tar=" + tar + " head=" + head
                    + " gzip=" + gzip + ": " + result.stderrTail(5));
        }
        List<String> tarWarnings = TarMessages.warnings(tar, result, shell.describe());
        if (!tarWarnings.isEmpty()) {
            LOG.info("files of {} on {}: {}", remotePath, shell.describe(), TarMessages.summary(result.stderrLines()));
        }
        warnings.addAll(tarWarnings);
        warnings.forEach(w -> LOG.warn("{}", w));
    }
}
