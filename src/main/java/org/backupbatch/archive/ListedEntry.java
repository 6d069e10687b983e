package org.backupbatch.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * One record of the host's detailed listing, {@link #FIND}: what {@code find} says of a path,
 * compared with the last backup's entry map to tell what changed since. Every field is
 * NUL-terminated, so a name or a link target may hold any byte but NUL.
 *
 * @param type  find's {@code %y}: {@code f}, {@code d}, {@code l}, {@code p}, {@code c}, {@code b}, {@code s}…
 * @param mtime modification time in whole seconds (as a tar header keeps it)
 * @param link  a symlink's target; empty otherwise
 */
public record ListedEntry(String path, char type, long size, long mtime, int mode, long uid, long gid, long links,
        String uname, String gname, String link) {

    /** The host command: one {@code find}, eleven NUL-terminated fields a path. */
    public static final String FIND = "find . -printf '%y\\0%s\\0%T@\\0%m\\0%U\\0%G\\0%n\\0%u\\0%g\\0%p\\0%l\\0'";
    private static final int FIELDS = 11;

    /** The next record, or null at the end; a listing cut inside a record fails. */
    public static ListedEntry next(InputStream in) throws IOException {
        String[] f = new String[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            f[i] = field(in);
            if (f[i] == null) {
                if (i == 0) {
                    return null;
                }
                throw new IOException("the listing ends inside a record, it is cut");
            }
        }
        try {
            return new ListedEntry(f[9], f[0].charAt(0), Long.parseLong(f[1]), seconds(f[2]),
                    Integer.parseInt(f[3], 8), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                    f[7], f[8], f[10]);
        } catch (RuntimeException e) {
            throw new IOException("not a record of the detailed find listing: " + String.join("|", f), e);
        }
    }

    /** {@code 1700000000.1234567890} as 1700000000; a time before 1970 rounds down too. */
    static long seconds(String t) {
        return new BigDecimal(t).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * Whether this path is, by its listing, what {@code e} recorded: same type, size, whole
     * seconds of mtime, permissions, owner and link target. A file with several hard links is
     * never taken as unchanged (tar stores the second as a link to the first one it meets).
     */
    public boolean sameAs(FileEntry e) {
        if (e == null || e.type() != type || e.mtime() != mtime || e.mode() != mode || e.uid() != uid
                || e.gid() != gid || !sameName(e.uname(), uname, uid) || !sameName(e.gname(), gname, gid)) {
            return false;
        }
        return switch (type) {
            case 'f' -> e.size() == size && links == 1;
            case 'd' -> true;
            case 'l' -> link.equals(e.link());
            default -> false;
        };
    }

    /** tar leaves the name empty where find prints the number: no name for that id on the host. */
    private static boolean sameName(String recorded, String listed, long id) {
        String r = recorded == null ? "" : recorded;
        return r.isEmpty() ? listed.equals(Long.toString(id)) : r.equals(listed);
    }

    /**
     * The next NUL-terminated field of a listing, bytes as ISO-8859-1; null at the end. A listing
     * that ends inside a field is cut, and fails.
     */
    public static String field(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != -1 && c != 0) {
            b.write(c);
        }
        if (c == -1) {
            if (b.size() > 0) {
                throw new IOException("the listing ends inside a record, it is cut");
            }
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
