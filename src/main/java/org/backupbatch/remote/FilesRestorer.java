package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.PathJoin;
import org.backupbatch.archive.PathRecord;
import org.backupbatch.archive.PathSorter;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a backup's files back where a site lives: the files member of the archive, as stored
 * (gzip, tar entries under {@code backup-<id>/files}), goes to {@code tar -xzpf -} in the site's
 * folder, which keeps modes (no umask), mtimes and symlinks. In mirror mode, the paths the
 * patterns select that the backup does not hold are deleted first; nothing else is touched.
 */
public final class FilesRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(FilesRestorer.class);

    private final Shell shell;
    private final Duration timeout;

    public FilesRestorer(Shell shell, Duration timeout) {
        this.shell = shell;
        this.timeout = timeout;
    }

    /**
     * @param filesMember the gzip stream of the files part, end blocks included or not
     * @param excluded    entry names (as in the archive) not to extract
     */
    public void extract(InputStream filesMember, String remotePath, List<String> excluded) throws IOException {
        StringBuilder exclusions = new StringBuilder();
        excluded.forEach(name -> exclusions.append(" --exclude=").append(quote(name)));
        String script = new Pipeline()
                .before("mkdir -p -- " + quote(remotePath) + " && cd -- " + quote(remotePath) + " || exit 97")
                // backup-<id>/files becomes ".": the site folder gets its own mode and mtime back too.
                // Never -P/--absolute-names: without it tar creates links to absolute or ".." targets
                // only at the end (placeholders meanwhile), so no entry is written through them.
                .stage("tar", "tar -xzpf - --no-same-owner --anchored --no-wildcards" + exclusions
                        + " --transform=" + quote("s,^backup-[^/]*/files,.,S"))
                .script();
        CommandResult result = shell.run(script, filesMember, OutputStream.nullOutputStream(), timeout);
        Integer tar = result.stageStatuses().get("tar");
        if (result.exitStatus() == 97) {
            throw new FatalError("cannot create or enter " + remotePath + " on " + shell.describe() + ": "
                    + result.stderrTail(2));
        }
        if (tar == null || tar != 0) {
            throw new IOException("restoring files into " + remotePath + " on " + shell.describe() + " failed (tar="
                    + tar + "): " + result.stderrTail(5));
        }
    }

    /**
     * Writes one file of the site whole, with its mode and mtime. It holds the database password
     * (wp-config.php), so no copy of it is ever written elsewhere on the server: the script holds
     * the content in memory until every byte came (a cut connection writes nothing), then removes
     * what stood there (a file, or a link to elsewhere: replaced, never written through) and
     * creates the file anew, owner-only until its mode is set. The folder keeps its mtime.
     *
     * @param mode  permission bits, e.g. {@code 0640}
     * @param mtime seconds since the epoch
     */
    public void install(String remotePath, String name, byte[] content, int mode, long mtime) throws IOException {
        CommandResult result = shell.run(installScript(remotePath, name, content.length, mode, mtime),
                new ByteArrayInputStream(content), OutputStream.nullOutputStream(), timeout);
        if (result.exitStatus() != 0) {
            throw new IOException("writing " + name + " in " + remotePath + " on " + shell.describe() + " failed: "
                    + result.stderrTail(3));
        }
    }

    /**
     * The script of {@link #install}: exit 96 when stdin held other than {@code length} bytes.
     * The "." after the content keeps its final newlines ($(…) would drop them); set -C makes
     * the shell create the file with O_EXCL, so nothing put in its place meanwhile is followed.
     */
    static String installScript(String remotePath, String name, int length, int mode, long mtime) {
        String file = quote(name);
        return "cd -- " + quote(remotePath) + " || exit 97\n"
                + "m=$(stat -c %Y .) || exit 98\n"
                + "c=$(cat && echo .) || exit 96\n"
                + "c=${c%.}\n"
                + "[ $(printf %s \"$c\" | wc -c) -eq " + length + " ] || exit 96\n"
                + "rm -f -- " + file + " && (umask 077 && set -C && printf %s \"$c\" > " + file + ")"
                + " && chmod " + Integer.toOctalString(mode) + " -- " + file + " && touch -d @" + mtime + " -- " + file
                + " && touch -d \"@$m\" . || exit 99";
    }

    /**
     * Mirror mode: deletes what every one of {@code selectors} selects under {@code remotePath}
     * but the backup does not hold. Folders are removed only when empty (what they hold outside
     * the selection stays). The site's listing, the comparison and the doomed paths all stream
     * through files of the work folder: memory stays flat whatever the count.
     *
     * @param kept       the backup's paths, as {@code find} prints them ({@code ./a/b})
     * @param workFolder where the lists go while they are compared; emptied of them afterwards
     * @return how many paths were deleted
     */
    public long deleteOthers(String remotePath, List<FileSelector> selectors, SortedPaths kept, Path workFolder)
            throws IOException {
        try (SortedPaths present = new RemoteListing(shell, timeout).selected(remotePath, selectors, workFolder);
                PathSorter deepestFirst = PathSorter.descending(workFolder)) {
            PathJoin.join(kept, present, new PathJoin.Listener() {
                @Override
                public void onlyInB(PathRecord extra) throws IOException {
                    if (!extra.path().equals(".")) {
                        deepestFirst.add(extra);
                    }
                }
            });
            try (SortedPaths doomed = deepestFirst.finish()) {
                if (doomed.count() > 0) {
                    delete(remotePath, doomed, workFolder);
                }
                return doomed.count();
            }
        }
    }

    /** Deletes the paths, given deepest first: files and links go, folders go only once empty. */
    private void delete(String remotePath, SortedPaths doomed, Path workFolder) throws IOException {
        String script = "cd -- " + quote(remotePath) + " || exit 97\n"
                + "xargs -0 -n 100 sh -c 'for p; do if [ -d \"$p\" ] && [ ! -L \"$p\" ]; then rmdir -- \"$p\" "
                + "2>/dev/null || echo \"kept non-empty folder $p\" >&2; else rm -f -- \"$p\"; fi; done' sh";
        Path list = nulSeparated(doomed, workFolder);
        CommandResult result;
        try (InputStream in = Files.newInputStream(list)) {
            result = shell.run(script, in, OutputStream.nullOutputStream(), timeout);
        } finally {
            Files.deleteIfExists(list);
        }
        if (result.exitStatus() != 0) {
            throw new IOException("deleting files in " + remotePath + " on " + shell.describe() + " failed: "
                    + result.stderrTail(3));
        }
        result.stderrLines().forEach(line -> LOG.warn("mirror: {}", line));
    }

    /** The paths of a list, NUL-terminated, in a new file of the work folder, for {@code xargs -0}. */
    private static Path nulSeparated(SortedPaths paths, Path workFolder) throws IOException {
        Path list = PrivateFiles.tempFile(workFolder, "doomed-", ".lst");
        try (SortedPaths.Reader reader = paths.reader();
                OutputStream out = new BufferedOutputStream(PrivateFiles.newOutputStream(list), 64 * 1024)) {
            for (PathRecord p = reader.next(); p != null; p = reader.next()) {
                out.write(p.path().getBytes(StandardCharsets.ISO_8859_1));
                out.write(0);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(list);
            throw e;
        }
        return list;
    }
}
