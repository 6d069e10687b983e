package org.backupbatch.offsite;

import java.util.Map;

/**
 * The restart state of one file's upload to one copy: plain strings under {@code
 * offsite.<copy>.<file>.<key>} in a map that the caller keeps (the step's execution context).
 * Never a credential: upload ids, part numbers and ETags, byte counts.
 */
public final class UploadState {

    /** The prefix of every key this package writes. */
    public static final String PREFIX = "offsite.";

    private final Map<String, String> values;
    private final String prefix;

    UploadState(Map<String, String> values, String copy, String file) {
        this.values = values;
        this.prefix = PREFIX + copy + "." + file + ".";
    }

    String get(String key) {
        return values.get(prefix + key);
    }

    long getLong(String key) {
        String value = get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    void put(String key, String value) {
        values.put(prefix + key, value);
    }

    void remove(String key) {
        values.remove(prefix + key);
    }

    /** Forgets everything about this file: its upload starts over. */
    void clear() {
        values.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
