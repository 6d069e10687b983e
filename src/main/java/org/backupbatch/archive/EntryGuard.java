package org.backupbatch.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.backupbatch.errors.FatalError;

/**
 * Refuses archive entries that would reach outside the folder they are restored into: absolute
 * names, {@code ..} components, symlinks whose target leaves the files tree (absolute targets
 * included: they would point into whatever site the path names, e.g. production from staging),
 * and hard links to a name outside it. Names are compared as strings, never resolved on disk.
 */
final class EntryGuard {

    private EntryGuard() {
    }

    static void check(TarArchiveEntry entry, String root) {
        String name = entry.getName();
        if (name.startsWith("/") || contains(name, "..")) {
            throw refused(name, "its name leaves the archive's folder");
        }
        String filesRoot = root + "/files";
        if (!TarContents.isUnder(name, filesRoot)) {
            return;
        }
        String relative = name.length() <= filesRoot.length() + 1 ? "" : name.substring(filesRoot.length() + 1);
        if (entry.isSymbolicLink()) {
            String target = entry.getLinkName();
            if (target.startsWith("/") || escapes(parent(relative), target)) {
                throw refused(name, "it is a symlink to " + target + ", outside the site");
            }
        } else if (entry.isLink()) {
            String target = entry.getLinkName();
            if (target.startsWith("/") || contains(target, "..") || !TarContents.isUnder(target, filesRoot)) {
                throw refused(name, "it is a hard link to " + target + ", outside the site");
            }
        }
    }

    private static FatalError refused(String name, String why) {
        return new FatalError("unsafe entry " + name + ": " + why);
    }

    private static boolean contains(String path, String component) {
        for (String part : path.split("/")) {
            if (part.equals(component)) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String relative) {
        String trimmed = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? "" : trimmed.substring(0, slash);
    }

    /** Whether {@code target}, relative to folder {@code from} (both inside the tree), leaves the tree. */
    static boolean escapes(String from, String target) {
        Deque<String> path = new ArrayDeque<>();
        for (String part : (from + "/" + target).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (path.isEmpty()) {
                    return true;
                }
                path.removeLast();
            } else {
                path.addLast(part);
            }
        }
        return false;
    }
}
