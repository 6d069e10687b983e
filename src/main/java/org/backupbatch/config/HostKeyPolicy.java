package org.backupbatch.config;

import java.util.Locale;

/**
 * What to do with a host key that {@code known_hosts} does not hold yet (YAML key {@code
 * ssh.host_key_policy}). A key that differs from the one on record is refused under both: that is
 * what host-key checking is for.
 */
public enum HostKeyPolicy {
    /** Refuse an unknown host: its key must be added to known_hosts beforehand (the default). */
    STRICT,
    /** Record an unknown host's key at the first connection, as OpenSSH's {@code accept-new}. */
    ACCEPT_NEW;

    /** The spelling used in YAML: {@code strict} or {@code accept-new}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
