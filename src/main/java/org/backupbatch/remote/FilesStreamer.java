package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.InspectingOutputStream;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.TarContents;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a site's files: lists the tree with {@code find}, selects paths with the site's
 * patterns, and has the server run {@code tar -T - | head -c -1024 | gzip} on that selection, so
 * that what arrives is one gzip member holding the tar stream without its end blocks, every
 * entry renamed under {@code backup-<id>/files}. The stream is checked as it arrives (gunzipped
 * and walked to its last entry by another thread). Each stage's status is checked; what a live
 * site does between the listing and tar's reading (files that change, shrink or vanish) and
 * unreadable files are warnings, read from tar's stderr by {@link TarMessages}.
 */
public final class FilesStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(FilesStreamer.class);
    private static final int PATH_MISSING = 97;
    /** find's and tar's messages in English and with ASCII quotes, so that {@link TarMessages} can read them. */
    private static final String C_LOCALE = "LC_ALL=C\nexport LC_ALL";

    /** What was received. */
    public record Result(Path gzFile, String sha256, long compressedBytes, TarContents.Stats stats,
            List<String> warnings) {
    }

    private final Shell shell;
    private final Duration timeout;
    private final int compressionLevel;
    private long expectedBytes;

    public FilesStreamer(Shell shell, Duration timeout, int compressionLevel) {
        this.shell = shell;
        this.timeout = timeout;
        this.compressionLevel = compressionLevel;
    }

    /** The compressed size to expect (the last backup's), for the progress ETA; 0 = unknown. */
    public FilesStreamer expecting(long compressedBytes) {
        this.expectedBytes = compressedBytes;
        return this;
    }

    /**
     * @param root    the top folder in the archive, {@code backup-<id>}
     * @param workDir where the listing and the received stream are written
     */
    public Result stream(String remotePath, List<String> includes, List<String> excludes, String root, Path workDir)
            throws IOException {
        List<String> warnings = new ArrayList<>();
        Path listing = workDir.resolve("files.list.part");
        Path selection = workDir.resolve("files.selected");
        list(remotePath, listing, warnings);
        long selected;
        try (InputStream in = Files.newInputStream(listing); OutputStream out = PrivateFiles.newOutputStream(selection)) {
            selected = new FileSelector(includes, excludes).select(in, out);
        }
        Files.delete(listing);
        LOG.info("{} paths selected under {} on {}", selected, remotePath, shell.describe());
        Path part = workDir.resolve("files.tar.gz.part");
        MessageDigest digest = Sha256.newDigest();
        CommandResult result;
        long received;
        TarContents.Stats stats;
        try (InputStream in = Files.newInputStream(selection);
                InspectingOutputStream<TarContents.Stats> inspected = new InspectingOutputStream<>(
                        new DigestOutputStream(PrivateFiles.newOutputStream(part), digest), "inspect-files",
                        gz -> TarContents.inspectFilesPart(gz, root + "/files", "files of " + remotePath));
                ProgressOutputStream out = new ProgressOutputStream(inspected,
                        Progress.start("files of " + remotePath, expectedBytes))) {
            result = shell.run(tarScript(remotePath, root), in, out, timeout);
            received = out.count();
            checkTar(result, remotePath, warnings);
            stats = inspected.result();
        }
        Path done = workDir.resolve("files.tar.gz");
        Files.move(part, done, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Result(done, Sha256.hex(digest), received, stats, List.copyOf(warnings));
    }

    private void list(String remotePath, Path listing, List<String> warnings) throws IOException {
        String script = C_LOCALE + "\ncd -- " + quote(remotePath) + " || exit " + PATH_MISSING + "\nexec find . -print0";
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

    private String tarScript(String remotePath, String root) {
        String transform = "s," + "^\\.," + root + "/files,S";
        return new Pipeline()
                .before(C_LOCALE)
                .before("cd -- " + quote(remotePath) + " || exit " + PATH_MISSING)
                .stage("tar", "tar --null --no-recursion -T - -b 1 --format=gnu --ignore-failed-read "
                        + "--transform=" + quote(transform) + " -cf -")
                .stage("head", "head -c -1024")
                .stage("gzip", "gzip -c -" + compressionLevel)
                .script();
    }

    private void checkTar(CommandResult result, String remotePath, List<String> warnings) throws IOException {
        Integer tar = result.stageStatuses().get("tar");
        Integer head = result.stageStatuses().get("head");
        Integer gzip = result.stageStatuses().get("gzip");
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
