package org.backupbatch.backup;

/**
 * Runs one site's own backup job to its end, as {@code job=backup site=X} would (its lock taken,
 * its last failed run resumed): what a fleet partition does. The command line provides it, since
 * it owns locks and launching; this package only calls it.
 */
@FunctionalInterface
public interface SiteRunner {

    Outcome run(String site);

    /** The name of the host this runner runs sites on, as recorded in a partition; default the host's name. */
    default String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * How a site's run ended.
     *
     * @param code        its exit code as a single run would give it: 0 completed, 1 failed, 2
     *                    bad configuration (nothing started), 3 already running elsewhere
     * @param executionId the site's backup job execution, or null when none was launched
     * @param error       one line saying why it did not complete, or null
     */
    record Outcome(int code, Long executionId, String error) {

        public boolean completed() {
            return code == 0;
        }
    }
}
