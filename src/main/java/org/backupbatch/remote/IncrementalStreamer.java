package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.backupbatch.archive.ContentSums;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.FilesPartWriter;
import org.backupbatch.archive.IncrementalFiles;
import org.backupbatch.archive.IncrementalPlan;
import org.backupbatch.archive.ListedEntry;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.TarContents;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incremental night's files (issue 15): one detailed {@code find} listing on the host
 * ({@link ListedEntry#FIND}) compared here with the last backup's entries; when due, the host's
 * sha256 of the files called unchanged ({@link ContentSums}); only the changed and new paths
 * streamed, as a full night streams everything ({@link FilesStreamer#streamLists}); then the files
 * part written from the last backup's data members and tonight's ({@link IncrementalFiles}).
 * What crossed the network is the listing, the sums and the streams.
 */
public final class IncrementalStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalStreamer.class);
    private static final int PATH_MISSING = 97;
    /** xargs: a sha256sum run ended with a failure (a file gone or unreadable since the listing). */
    private static final int XARGS_SOME_FAILED = 123;

    /**
     * The backup to build on.
     *
     * @param index its entry map's file; null when its files part is the host's streams (a full backup)
     */
    public record Reference(String id, Path archive, Manifest manifest, Path index) {
    }

    /**
     * What was made.
     *
     * @param part         the files part (many gzip members), for the assembler
     * @param index        its entry map, for publishing beside the archive
     * @param transferred  bytes received from the host: listing, sums, streams
     * @param reused       data member bytes taken over from the reference
     * @param fetched      entries streamed from the host
     * @param contentDiffers files the content check found changed
     */
    public record Result(Path part, String sha256, Path index, String indexSha256, long indexEntries,
            TarContents.Stats stats, List<String> warnings, long transferred, long reused, long fetched,
            int contentDiffers) {
    }

    private final Shell shell;
    private final Duration timeout;
    private final Compressor compressor;

    public IncrementalStreamer(Shell shell, Duration timeout, Compressor compressor) {
        this.shell = shell;
        this.timeout = timeout;
        this.compressor = compressor;
    }

    /**
     * @param root         the top folder in the archive, {@code backup-<id>}
     * @param contentCheck whether to compare the host's sums of the unchanged files tonight
     */
    public Result stream(String remotePath, List<String> includes, List<String> excludes, String root, Path workDir,
            Reference reference, boolean contentCheck) throws IOException {
        int level = compressor.level();
        IncrementalFiles.Members before = reference.index() != null
                ? IncrementalFiles.fromIndex(reference.archive(), reference.manifest(), reference.index())
                : IncrementalFiles.fromStreams(reference.archive(), reference.manifest(),
                        workDir.resolve("reference.members"), level);
        List<String> warnings = new ArrayList<>();
        Path listing = workDir.resolve("files.listing.part");
        FilesStreamer streamer = new FilesStreamer(shell, timeout, compressor);
        streamer.list(remotePath, ListedEntry.FIND, listing, warnings);
        long transferred = Files.size(listing);
        IncrementalPlan plan = IncrementalPlan.of(listing, new FileSelector(includes, excludes), before.entries());
        Files.delete(listing);
        int differs = 0;
        if (contentCheck) {
            Path sums = workDir.resolve("files.sums.part");
            Set<String> changed = contentCheck(remotePath, plan, sums, reference.id(), warnings);
            transferred += Files.size(sums);
            Files.delete(sums);
            plan.refetch(changed);
            differs = changed.size();
        }
        IncrementalPlan.FetchLists lists = plan.writeFetchLists(workDir);
        LOG.info("{} paths selected under {} on {}: {} changed or new, fetched ({} that do not compress), the rest "
                + "taken from backup {}", plan.selected(), remotePath, shell.describe(),
                lists.gzipCount() + lists.storedCount(), lists.storedCount(), reference.id());
        FilesStreamer.Result received = streamer.streamLists(remotePath, root, new FilesSplit.Lists(lists.gzip(),
                lists.stored(), plan.selected(), lists.storedCount(), 0), workDir, warnings);
        transferred += received.compressedBytes();
        List<IncrementalFiles.Stream> streams = new ArrayList<>();
        if (received.storedFile() != null) {
            streams.add(new IncrementalFiles.Stream(received.storedFile(), true));
        }
        streams.add(new IncrementalFiles.Stream(received.gzFile(), false));
        IncrementalFiles.Members tonight = IncrementalFiles.cut(streams, root + "/files",
                workDir.resolve("fetched.members"), level);
        Path part = workDir.resolve("files.members.gz");
        Path index = workDir.resolve("files.index.gz");
        FilesPartWriter.Result written = IncrementalFiles.write(part, index, root + "/files", level,
                plan.picks(before, tonight), before, tonight);
        for (IncrementalFiles.Stream s : streams) {
            Files.delete(s.gzFile());
        }
        Files.delete(tonight.source());
        if (before.rebuilt()) {
            Files.delete(before.source());
        }
        return new Result(part, written.sha256(), index, Sha256.of(index), written.indexEntries(), written.stats(),
                List.copyOf(received.warnings()), transferred, written.reusedBytes(), tonight.entries().size(),
                differs);
    }

    /** The host hashes the files the listing calls unchanged, in one batched run; returns those that differ. */
    private Set<String> contentCheck(String remotePath, IncrementalPlan plan, Path sums, String referenceId,
            List<String> warnings) throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        ContentSums.writeList(plan.reusedFiles(), list);
        String script = "LC_ALL=C\nexport LC_ALL\ncd -- " + quote(remotePath) + " || exit " + PATH_MISSING
                + "\nexec " + ContentSums.COMMAND;
        CommandResult result;
        try (InputStream in = new java.io.ByteArrayInputStream(list.toByteArray());
                OutputStream out = PrivateFiles.newOutputStream(sums)) {
            result = shell.run(script, in, out, timeout);
        }
        if (result.exitStatus() != 0 && result.exitStatus() != XARGS_SOME_FAILED) {
            throw new IOException("hashing the files of " + remotePath + " on " + shell.describe()
                    + " failed with status " + result.exitStatus() + ": " + result.stderrTail(3));
        }
        Set<String> differ;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(sums), 1 << 16)) {
            differ = ContentSums.differing(in, plan.reusedFiles());
        }
        for (String path : differ.stream().sorted().limit(20).toList()) {
            String warning = "content check: " + path + " differs from backup " + referenceId
                    + " with the same size and mtime (or could not be hashed); fetched again";
            LOG.warn("{}", warning);
            warnings.add(warning);
        }
        if (differ.size() > 20) {
            warnings.add("content check: " + (differ.size() - 20) + " more files differ; fetched again");
        }
        LOG.info("content check of {} files on {}: {} differ", plan.reusedFiles().size(), shell.describe(),
                differ.size());
        return differ;
    }
}
