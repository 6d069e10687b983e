package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a backup's files back where a site lives: the files member of the archive, as stored
 * (gzip, tar entries under {@code backup-<id>/files}), goes to {@code tar -xzpf -} in the site's
 * folder, which keeps modes (no umask), mtimes and symlinks. In mirror mode, the paths the site's
 * patterns select that the backup does not hold are then deleted; nothing else is touched.
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
     * Writes one file of the site whole, with its mode and mtime, through a private temporary
     * file outside the site's folder (removed on every exit of the script), moved into place:
     * what stood there (a file, or a link to elsewhere) is replaced, never written through. The
     * folder keeps its mtime.
     *
     * @param mode  permission bits, e.g. {@code 0640}
     * @param mtime seconds since the epoch
     */
    public void install(String remotePath, String name, byte[] content, int mode, long mtime) throws IOException {
        String script = "cd -- " + quote(remotePath) + " || exit 97\n"
                + "m=$(stat -c %Y .) || exit 98\n"
                + "t=$(umask 077 && mktemp \"${TMPDIR:-/tmp}/backup-batch.XXXXXXXX\") || exit 95\n"
                + "trap 'rm -f -- \"$t\"' EXIT\n"
                + "trap 'exit 143' HUP INT TERM\n"
                + "cat > \"$t\" && chmod " + Integer.toOctalString(mode) + " \"$t\" && touch -d @" + mtime + " \"$t\""
                + " && mv -f -- \"$t\" " + quote(name) + " && touch -d \"@$m\" . || exit 99";
        CommandResult result = shell.run(script, new ByteArrayInputStream(content), OutputStream.nullOutputStream(),
                timeout);
        if (result.exitStatus() != 0) {
            throw new IOException("writing " + name + " in " + remotePath + " on " + shell.describe() + " failed: "
                    + result.stderrTail(3));
        }
    }

    /**
     * Mirror mode: deletes what every one of {@code selectors} selects under {@code remotePath}
     * but the backup does not hold. Folders are removed only when empty (what they hold outside
     * the selection stays).
     *
     * @param kept paths of the backup, relative, as {@code find} prints them ({@code ./a/b})
     * @return how many paths were deleted
     */
    public int deleteOthers(String remotePath, List<FileSelector> selectors, Set<String> kept) throws IOException {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        CommandResult listed = shell.run("cd -- " + quote(remotePath) + " 2>/dev/null || exit 0\nexec find . -print0",
                null, listing, timeout);
        if (listed.exitStatus() != 0) {
            throw new IOException("listing " + remotePath + " on " + shell.describe() + " failed: " + listed.stderrTail(3));
        }
        ByteArrayOutputStream selected = listing;
        for (FileSelector selector : selectors) {
            ByteArrayOutputStream narrowed = new ByteArrayOutputStream();
            selector.select(new ByteArrayInputStream(selected.toByteArray()), narrowed);
            selected = narrowed;
        }
        List<String> doomed = new ArrayList<>();
        for (String path : selected.toString(StandardCharsets.ISO_8859_1).split("\0")) {
            if (!path.isEmpty() && !path.equals(".") && !kept.contains(path)) {
                doomed.add(path);
            }
        }
        doomed.sort(Comparator.reverseOrder());
        if (!doomed.isEmpty()) {
            delete(remotePath, doomed);
        }
        return doomed.size();
    }

    private void delete(String remotePath, List<String> paths) throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String path : paths) {
            list.write(path.getBytes(StandardCharsets.ISO_8859_1));
            list.write(0);
        }
        // deepest first: files and links go, folders go only once empty
        String script = "cd -- " + quote(remotePath) + " || exit 97\n"
                + "xargs -0 -n 100 sh -c 'for p; do if [ -d \"$p\" ] && [ ! -L \"$p\" ]; then rmdir -- \"$p\" "
                + "2>/dev/null || echo \"kept non-empty folder $p\" >&2; else rm -f -- \"$p\"; fi; done' sh";
        CommandResult result = shell.run(script, new ByteArrayInputStream(list.toByteArray()),
                OutputStream.nullOutputStream(), timeout);
        if (result.exitStatus() != 0) {
            throw new IOException("deleting files in " + remotePath + " on " + shell.describe() + " failed: "
                    + result.stderrTail(3));
        }
        result.stderrLines().forEach(line -> LOG.warn("mirror: {}", line));
    }
}
