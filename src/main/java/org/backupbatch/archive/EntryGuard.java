package org.backupbatch.archive;

import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.backupbatch.errors.FatalError;

/**
 * Refuses the archive entries that would make tar write outside the folder they are restored
 * into, and collects the symlinks that point outside it.
 *
 * <p>Symlinks are data: a link to an absolute path, a dangling one, one that leaves the site
 * (uploads linked to a shared folder, a deploy tool's {@code current}) is restored as a link and
 * only reported (see {@link OutsideLinks}). GNU tar creates a link whose target is absolute or
 * holds {@code ..} only once every other entry is written (a placeholder file stands in for it
 * meanwhile), so such a link is never followed during the extraction. What is refused is what
 * would write outside: an absolute name or one with a {@code ..} component; an entry whose path
 * goes through a symlink the archive made earlier (a relative link without {@code ..} is created
 * at once, and links chain); a symlink where earlier entries made a folder; a hard link to a
 * name that is absolute, holds {@code ..}, lies outside the files or goes through a symlink.
 *
 * <p>One guard per archive, fed its entries in order. Names are compared as strings, never
 * resolved on disk. It remembers the folders and the links the entries made, so its memory grows
 * with those, not with the number of files.
 */
final class EntryGuard {

    private final String filesRoot;
    private final Set<String> folders = new HashSet<>();
    private final ArchiveLinks links = new ArchiveLinks();

    /** @param root the archive's top folder, {@code backup-<id>} */
    EntryGuard(String root) {
        this.filesRoot = root + "/files";
    }

    /** Checks the next entry of the archive; throws {@link FatalError} "unsafe entry ..." if refused. */
    void check(TarArchiveEntry entry) {
        String name = entry.getName();
        if (name.startsWith("/") || ArchiveLinks.components(name).contains("..")) {
            throw refused(name, "its name leaves the archive's folder");
        }
        if (!TarContents.isUnder(name, filesRoot)) {
            return;
        }
        String path = relative(name);
        if (path.isEmpty()) {
            if (!entry.isDirectory() || entry.isSymbolicLink() || entry.isLink()) {
                throw refused(name, "the site's folder itself must be a folder");
            }
            return;
        }
        String through = links.firstOn(path, entry.isDirectory());
        if (through != null) {
            throw refused(name, "it goes through the symlink " + through + " (-> " + links.target(through) + ")");
        }
        if (entry.isSymbolicLink()) {
            if (folders.contains(path)) {
                throw refused(name, "it is a symlink where earlier entries made a folder");
            }
            links.add(path, entry.getLinkName());
        } else if (entry.isLink()) {
            hardLink(name, path, entry.getLinkName());
        } else {
            links.remove(path);
        }
        remember(path, entry.isDirectory());
    }

    /** The symlinks seen so far that point outside the site. */
    OutsideLinks outsideLinks() {
        return links.outside();
    }

    private void hardLink(String name, String path, String target) {
        if (target.startsWith("/") || ArchiveLinks.components(target).contains("..")
                || !TarContents.isUnder(target, filesRoot) || relative(target).isEmpty()) {
            throw refused(name, "it is a hard link to " + target + ", outside the site");
        }
        String to = relative(target);
        String through = links.firstOn(to, false);
        if (through != null) {
            throw refused(name, "it is a hard link to " + target + ", through the symlink " + through);
        }
        // a hard link to a symlink is that symlink under another name: same target, other folder
        String linked = links.target(to);
        if (linked != null) {
            links.add(path, linked);
        } else {
            links.remove(path);
        }
    }

    /** Records the folders the entry uses; a folder's own folders are already there once it is. */
    private void remember(String path, boolean directory) {
        String folder = directory ? path : ArchiveLinks.parent(path);
        while (!folder.isEmpty() && folders.add(folder)) {
            folder = ArchiveLinks.parent(folder);
        }
    }

    /** The entry's path relative to the site's folder, normalized; empty for the folder itself. */
    private String relative(String name) {
        return String.join("/", ArchiveLinks.components(name.substring(filesRoot.length())));
    }

    private static FatalError refused(String name, String why) {
        return new FatalError("unsafe entry " + name + ": " + why);
    }
}
