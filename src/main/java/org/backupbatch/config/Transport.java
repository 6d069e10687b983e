package org.backupbatch.config;

/**
 * How a site's files and database are reached: over SSH (the default), or locally, from a mounted
 * folder and a database reachable over the network (the Docker case). YAML key {@code
 * site.transport}, values {@code ssh} and {@code local}.
 */
public enum Transport {
    SSH,
    LOCAL;

    /** The spelling used in YAML. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
