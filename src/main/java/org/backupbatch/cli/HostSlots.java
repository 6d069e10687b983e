package org.backupbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.backupbatch.archive.Sha256;

/**
 * The per-host cap of a distributed night ({@code per_host=N}) across machines: N slots per SSH
 * host, each a lease in the shared repository's database beside the sites' ({@link SiteLease}:
 * the same table, heartbeat and expiry), keyed {@code host <host:port> #<i>}. A space is never in
 * a site's name, so no key is a site's. A worker takes a free slot of the site's host before it
 * runs the site and gives it back after; a worker that dies holds it until it expires, as it
 * holds its site's lease. Locally, {@code HostCaps} does the same in one process.
 */
final class HostSlots {

    /** A lease key is at most 100 characters (the column); a longer host is named by its hash. */
    private static final int KEY_LIMIT = 100;

    private HostSlots() {
    }

    /**
     * A free slot of {@code host}, or null when its {@code perHost} slots are all held by live
     * processes.
     */
    static RunLock tryAcquire(CommandLine command, String host, int perHost, Map<String, String> env)
            throws IOException {
        for (int slot = 1; slot <= perHost; slot++) {
            RunLock.Attempt attempt = RunLock.lease(command, key(host, slot),
                    "slot " + slot + " of host " + host, env);
            if (attempt.lock() != null) {
                return attempt.lock();
            }
        }
        return null;
    }

    /** The lease key of a host's slot (1-based). */
    static String key(String host, int slot) {
        String key = "host " + host + " #" + slot;
        if (key.length() <= KEY_LIMIT) {
            return key;
        }
        java.security.MessageDigest digest = Sha256.newDigest();
        digest.update(host.getBytes(StandardCharsets.UTF_8));
        return "host sha256:" + Sha256.hex(digest) + " #" + slot;
    }
}
