package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.FindListing;
import org.backupbatch.archive.PathSorter;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * What a site's folder holds, listed by {@code find} on the host and sorted here into a
 * {@link SortedPaths}: the listing streams to disk as it arrives (a million names are tens of
 * MB), never into memory.
 */
public final class RemoteListing {

    private final Shell shell;
    private final Duration timeout;

    public RemoteListing(Shell shell, Duration timeout) {
        this.shell = shell;
        this.timeout = timeout;
    }

    /**
     * The paths under {@code remotePath} that every one of the selectors selects (each narrows
     * what the one before chose), the folder itself ({@code .}) included; an empty list when the
     * folder does not exist.
     *
     * @param workFolder where the listing and the sorter's files go
     */
    public SortedPaths selected(String remotePath, List<FileSelector> selectors, Path workFolder) throws IOException {
        Path listing = PrivateFiles.tempFile(workFolder, "find-", ".lst");
        try {
            // FileSelector reads a stream: the listing goes to a file first, so no thread is needed
            try (OutputStream out = new BufferedOutputStream(PrivateFiles.newOutputStream(listing), 64 * 1024)) {
                run("cd -- " + quote(remotePath) + " 2>/dev/null || exit 0\nexec find . -print0", remotePath, out);
            }
            for (FileSelector selector : selectors.subList(0, selectors.size() - 1)) {
                Path narrowed = PrivateFiles.tempFile(workFolder, "find-", ".lst");
                try (InputStream in = Files.newInputStream(listing); OutputStream out = PrivateFiles.newOutputStream(narrowed)) {
                    selector.select(in, out);
                }
                Files.move(narrowed, listing, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (PathSorter sorter = new PathSorter(workFolder); InputStream in = Files.newInputStream(listing)) {
                try (FindListing parsed = FindListing.paths(sorter)) {
                    selectors.get(selectors.size() - 1).select(in, parsed);
                }
                return sorter.finish();
            }
        } finally {
            Files.deleteIfExists(listing);
        }
    }

    /** The regular files under {@code remotePath} with their sizes; fails when the folder cannot be listed. */
    public SortedPaths regularFiles(String remotePath, Path workFolder) throws IOException {
        try (PathSorter sorter = new PathSorter(workFolder)) {
            try (FindListing parsed = FindListing.sizedFiles(sorter)) {
                run("cd -- " + quote(remotePath) + " || exit 97\nexec find . -type f -printf '%s %p\\0'", remotePath,
                        parsed);
            }
            return sorter.finish();
        }
    }

    private void run(String script, String remotePath, OutputStream out) throws IOException {
        CommandResult result = shell.run(script, null, out, timeout);
        if (result.exitStatus() != 0) {
            throw new IOException("listing " + remotePath + " on " + shell.describe() + " failed: "
                    + result.stderrTail(3));
        }
    }
}
