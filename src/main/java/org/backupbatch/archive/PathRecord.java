package org.backupbatch.archive;

/**
 * One path of a site's tree as {@code find} prints it from the site's folder ({@code .},
 * {@code ./a}, {@code ./a/b}). Names are bytes, not text: the path holds one char per byte
 * (ISO-8859-1), so {@link String#compareTo} orders paths by unsigned bytes, as {@code LC_ALL=C sort}
 * does, and a folder sorts before everything under it.
 *
 * @param size the size of a regular file, in bytes; -1 for anything else or when unknown
 * @param type {@link #FILE}, {@link #DIRECTORY}, {@link #SYMLINK}, {@link #HARD_LINK}, or
 *             {@link #UNKNOWN} when the listing does not say
 */
public record PathRecord(String path, long size, char type) {

    public static final char FILE = 'f';
    public static final char DIRECTORY = 'd';
    public static final char SYMLINK = 'l';
    public static final char HARD_LINK = 'h';
    public static final char UNKNOWN = '?';

    public PathRecord {
        if (path.isEmpty() || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a path is not empty and holds no NUL: " + path);
        }
        if (type > 0xff) {
            throw new IllegalArgumentException("a type is one byte: " + type);
        }
    }

    /** A path the listing gives no size nor type for. */
    public static PathRecord of(String path) {
        return new PathRecord(path, -1, UNKNOWN);
    }

    /** Orders by path, unsigned bytes: negative when {@code a} sorts before {@code b}. */
    static int compare(PathRecord a, PathRecord b) {
        return a.path.compareTo(b.path);
    }
}
