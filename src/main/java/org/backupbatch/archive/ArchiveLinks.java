package org.backupbatch.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The symlinks of an archive's files part, by path relative to the site's folder ({@code a/b},
 * normalized: no {@code .} or empty component), and where each leads once followed through the
 * others, as the restored tree will resolve it. Anything the archive does not hold as a link is
 * taken for a folder. Memory grows with the number of links, not of files.
 */
final class ArchiveLinks {

    /** Links followed before giving up, as the kernel's ELOOP: a loop points nowhere. */
    private static final int MAX_HOPS = 40;

    private final Map<String, String> targets = new LinkedHashMap<>();

    void add(String path, String target) {
        targets.remove(path);
        targets.put(path, target);
    }

    void remove(String path) {
        targets.remove(path);
    }

    /** The target of the link at {@code path}, or null when the archive holds no link there. */
    String target(String path) {
        return targets.get(path);
    }

    /**
     * The first link on {@code path}: the shortest of its leading folders (and, with
     * {@code self}, the path itself) that the archive holds as a link; null when none is one.
     */
    String firstOn(String path, boolean self) {
        if (targets.isEmpty()) {
            return null;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String folder = path.substring(0, slash);
            if (targets.containsKey(folder)) {
                return folder;
            }
        }
        return self && targets.containsKey(path) ? path : null;
    }

    /** The links that point outside the site, the first {@link OutsideLinks#KEPT} in full. */
    OutsideLinks outside() {
        Map<String, String> first = new LinkedHashMap<>();
        long count = 0;
        for (Map.Entry<String, String> link : targets.entrySet()) {
            if (pointsOutside(link.getKey())) {
                count++;
                if (first.size() < OutsideLinks.KEPT) {
                    first.put(link.getKey(), link.getValue());
                }
            }
        }
        return new OutsideLinks(first, count);
    }

    /**
     * Whether the link at {@code path} leads outside the site: its target, or the target of a link
     * it goes through, is absolute, or a {@code ..} climbs above the site's folder.
     */
    boolean pointsOutside(String path) {
        String target = targets.get(path);
        if (target.startsWith("/")) {
            return true;
        }
        Deque<String> at = components(parent(path));
        Deque<String> todo = components(target);
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    return true;
                }
                at.removeLast();
                continue;
            }
            at.addLast(part);
            String next = targets.get(String.join("/", at));
            if (next != null) {
                if (next.startsWith("/")) {
                    return true;
                }
                if (++hops > MAX_HOPS) {
                    return false;
                }
                at.removeLast();
                components(next).descendingIterator().forEachRemaining(todo::addFirst);
            }
        }
        return false;
    }

    /** The components of a path, without empty ones and {@code .}. */
    static Deque<String> components(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return parts;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
