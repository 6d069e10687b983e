package org.backupbatch.archive;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The symlinks of an archive that point outside the site: an absolute target, or a relative one
 * that leaves the site's folder once the archive's own links are followed. They are restored as
 * links all the same (they are data: a shared uploads folder, a deploy tool's {@code current});
 * they are listed so that the user knows the restored site depends on what they point to. Only
 * the first {@link #KEPT} are kept, in archive order, so that memory stays bounded.
 *
 * @param first path of the link relative to the site's folder → its target as stored
 * @param count how many links point outside, {@code first} included
 */
public record OutsideLinks(Map<String, String> first, long count) {

    /** How many links are kept in full. */
    public static final int KEPT = 100;

    public OutsideLinks {
        first = Collections.unmodifiableMap(new LinkedHashMap<>(first));
    }

    /** No link points outside (or the archive was not checked for a restore). */
    public static OutsideLinks none() {
        return new OutsideLinks(Map.of(), 0);
    }
}
