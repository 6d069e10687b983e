package org.backupbatch.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One entry of a files part as the entry map records it: what its tar header says, the sha256
 * of a regular file's content, and where its data member lies. Paths are in {@code find}'s form
 * from the site's folder ({@code .}, {@code ./wp-content/a.jpg}), bytes read as ISO-8859-1.
 *
 * @param type       {@code f} regular file, {@code d} folder, {@code l} symlink, {@code h} hard
 *                   link, {@code c}/{@code b} devices, {@code p} FIFO
 * @param size       content bytes of a regular file; 0 otherwise
 * @param mtime      modification time, in whole seconds since the epoch (what the tar header keeps)
 * @param mode       permission bits ({@code 07777})
 * @param link       a symlink's target as stored, or a hard link's target path ({@code ./a}); null otherwise
 * @param sha256     sum of a regular file's content (hex); null otherwise
 * @param dataOffset where the file's data member starts, from the start of the files part; -1 when
 *                   it has none (no content), or when its backup keeps the files as streams
 * @param dataLength the data member's compressed length in bytes; 0 when none
 * @param dataSha256 sum of the data member's compressed bytes (hex), checked when it is copied into
 *                   a later backup; null when it has none
 */
public record FileEntry(String path, char type, long size, long mtime, int mode, long uid, long gid, String uname,
        String gname, String link, int devMajor, int devMinor, String sha256, long dataOffset, long dataLength,
        String dataSha256) {

    /** An entry whose data member's sum is not known yet. */
    public FileEntry(String path, char type, long size, long mtime, int mode, long uid, long gid, String uname,
            String gname, String link, int devMajor, int devMinor, String sha256, long dataOffset, long dataLength) {
        this(path, type, size, mtime, mode, uid, gid, uname, gname, link, devMajor, devMinor, sha256, dataOffset,
                dataLength, null);
    }

    /** The sum of no bytes: an empty file's. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The entry a tar header describes; its name is under {@code filesRoot} ({@code backup-<id>/files}). */
    public static FileEntry of(TarArchiveEntry e, String filesRoot) {
        char type = type(e.getLinkFlag());
        String link = null;
        if (type == 'l') {
            link = e.getLinkName();
        } else if (type == 'h') {
            link = relative(e.getLinkName(), filesRoot);
        }
        long size = type == 'f' ? e.getSize() : 0;
        return new FileEntry(relative(e.getName(), filesRoot), type, size,
                Math.floorDiv(e.getLastModifiedTime().toMillis(), 1000), e.getMode() & 07777, e.getLongUserId(),
                e.getLongGroupId(), e.getUserName(), e.getGroupName(), link, e.getDevMajor(), e.getDevMinor(),
                type == 'f' && size == 0 ? EMPTY_SHA256 : null, -1, 0);
    }

    /** {@code backup-<id>/files/a/b/} as {@code ./a/b}. */
    static String relative(String name, String filesRoot) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.equals(filesRoot)) {
            return ".";
        }
        if (!n.startsWith(filesRoot + "/")) {
            throw new IllegalArgumentException("entry outside " + filesRoot + ": " + name);
        }
        return "." + n.substring(filesRoot.length());
    }

    private static char type(byte flag) {
        return switch (flag) {
            case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG -> 'f';
            case TarConstants.LF_DIR -> 'd';
            case TarConstants.LF_SYMLINK -> 'l';
            case TarConstants.LF_LINK -> 'h';
            case TarConstants.LF_CHR -> 'c';
            case TarConstants.LF_BLK -> 'b';
            case TarConstants.LF_FIFO -> 'p';
            default -> throw new IllegalArgumentException("tar entry type '" + (char) flag + "' is not kept");
        };
    }

    byte linkFlag() {
        return switch (type) {
            case 'f' -> TarConstants.LF_NORMAL;
            case 'd' -> TarConstants.LF_DIR;
            case 'l' -> TarConstants.LF_SYMLINK;
            case 'h' -> TarConstants.LF_LINK;
            case 'c' -> TarConstants.LF_CHR;
            case 'b' -> TarConstants.LF_BLK;
            case 'p' -> TarConstants.LF_FIFO;
            default -> throw new IllegalStateException("unknown entry type " + type);
        };
    }

    /** Whether a tar data member follows this entry's header. */
    public boolean hasData() {
        return type == 'f' && size > 0;
    }

    public FileEntry withSha256(String sum) {
        return new FileEntry(path, type, size, mtime, mode, uid, gid, uname, gname, link, devMajor, devMinor, sum,
                dataOffset, dataLength, dataSha256);
    }

    public FileEntry at(long offset, long length) {
        return new FileEntry(path, type, size, mtime, mode, uid, gid, uname, gname, link, devMajor, devMinor, sha256,
                offset, length, dataSha256);
    }

    /** This entry with its data member at {@code offset}, of {@code length} bytes summing to {@code memberSha256}. */
    public FileEntry at(long offset, long length, String memberSha256) {
        return new FileEntry(path, type, size, mtime, mode, uid, gid, uname, gname, link, devMajor, devMinor, sha256,
                offset, length, memberSha256);
    }
}
