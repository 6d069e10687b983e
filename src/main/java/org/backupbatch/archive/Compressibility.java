package org.backupbatch.archive;

import java.util.Locale;
import java.util.Set;

/**
 * Which files are worth gzip's time. JPEGs, videos and zips do not shrink, yet a single-threaded
 * {@code gzip -6} on the host spends most of a media-heavy site's backup on them. Files at least
 * {@link #BY_NAME_MIN} bytes long with a name that says "already compressed" skip gzip; files
 * from {@link #SAMPLE_MIN} bytes up with any other name are sampled on the host (their first
 * {@link #SAMPLE_BYTES} through {@code gzip -1}): a video named {@code .bin} is caught too.
 * Smaller files always go through gzip: their tar headers (512 bytes each, and the padding)
 * compress well, and the archive may not grow more than 2 % against the all-gzip one.
 */
public final class Compressibility {

    /** Where a file goes. */
    public enum Kind { GZIP, STORED, SAMPLE }

    /** The smallest file taken as incompressible by its name alone, in bytes. */
    public static final long BY_NAME_MIN = 128 * 1024;
    /** The smallest file whose content is sampled, in bytes. */
    public static final long SAMPLE_MIN = 1024 * 1024;
    /** How much of a file the sample reads, in bytes. */
    public static final long SAMPLE_BYTES = 256 * 1024;
    /** A sample that {@code gzip -1} leaves at more than this share of its size does not compress. */
    static final double INCOMPRESSIBLE_RATIO = 0.9;

    private static final Set<String> COMPRESSED = Set.of(
            "jpg", "jpeg", "png", "gif", "webp", "avif", "heic", "heif", "jp2",
            "mp4", "m4v", "mov", "avi", "mkv", "webm", "wmv", "flv", "3gp", "mpg", "mpeg",
            "mp3", "m4a", "aac", "ogg", "oga", "ogv", "opus", "flac", "wma",
            "zip", "gz", "tgz", "bz2", "xz", "txz", "7z", "rar", "zst", "lz4", "lzma", "br",
            "jar", "war", "apk", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub",
            "woff", "woff2", "wpress");

    private Compressibility() {
    }

    /**
     * Decides by name and size.
     *
     * @param path a path of the listing ({@code ./wp-content/uploads/a.jpg})
     * @param size the file's size in bytes
     * @return {@link Kind#SAMPLE} when only the content can tell
     */
    public static Kind byName(String path, long size) {
        if (size >= BY_NAME_MIN && COMPRESSED.contains(extension(path))) {
            return Kind.STORED;
        }
        return size >= SAMPLE_MIN ? Kind.SAMPLE : Kind.GZIP;
    }

    /**
     * Decides by the sample's compressed size.
     *
     * @param sampled    how many bytes were sampled: the file's size up to {@link #SAMPLE_BYTES}
     * @param compressed what {@code gzip -1} made of them, in bytes
     */
    public static Kind bySample(long sampled, long compressed) {
        return sampled > 0 && compressed > sampled * INCOMPRESSIBLE_RATIO ? Kind.STORED : Kind.GZIP;
    }

    private static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot <= slash + 1 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
