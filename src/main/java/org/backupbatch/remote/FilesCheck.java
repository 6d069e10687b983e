package org.backupbatch.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.backupbatch.archive.PathJoin;
import org.backupbatch.archive.PathRecord;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.ssh.Shell;

/**
 * Checks a restore's files: every regular file of the backup is in the site's folder with its
 * size. The folder's listing is sorted on disk and joined with the backup's list, so a million
 * files are checked in flat memory; files the backup lacks are not the check's business.
 */
public final class FilesCheck {

    /**
     * What differs.
     *
     * @param count how many files differ
     * @param shown the first of them, described ({@code ./a is missing}, {@code ./b has 3 bytes, not 4})
     */
    public record Differences(long count, List<String> shown) {
    }

    private final Shell shell;
    private final Duration timeout;

    public FilesCheck(Shell shell, Duration timeout) {
        this.shell = shell;
        this.timeout = timeout;
    }

    /**
     * @param backup     the backup's paths; those with a size (regular files) are checked
     * @param skipped    paths not checked (a wp-config.php rewritten for another site)
     * @param workFolder where the folder's listing is sorted; emptied of it afterwards
     * @param shown      how many differences to describe, at most
     */
    public Differences compare(String remotePath, SortedPaths backup, Set<String> skipped, Path workFolder, int shown)
            throws IOException {
        List<String> described = new ArrayList<>();
        long[] count = {0};
        try (SortedPaths restored = new RemoteListing(shell, timeout).regularFiles(remotePath, workFolder)) {
            PathJoin.join(backup, restored, new PathJoin.Listener() {
                @Override
                public void onlyInA(PathRecord expected) {
                    differs(expected, expected.path() + " is missing");
                }

                @Override
                public void sizesDiffer(PathRecord expected, PathRecord found) {
                    differs(expected, expected.path() + " has " + found.size() + " bytes, not " + expected.size());
                }

                private void differs(PathRecord expected, String description) {
                    if (expected.size() >= 0 && !skipped.contains(expected.path())) {
                        count[0]++;
                        if (described.size() < shown) {
                            described.add(description);
                        }
                    }
                }
            });
        }
        return new Differences(count[0], List.copyOf(described));
    }
}
