package org.backupbatch.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One gzip member written into a stream that stays open: the unit the files part of an
 * incremental night is cut into (see {@link FilesPartWriter}). Level 0 makes stored blocks, as
 * {@link StoredGzip} does, for what does not compress.
 */
final class GzipMember extends GZIPOutputStream {

    private GzipMember(OutputStream out, int level) throws IOException {
        super(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the member ends; the stream it went into goes on
            }
        }, 64 * 1024);
        def.setLevel(level == 0 ? Deflater.NO_COMPRESSION : level);
    }

    /**
     * Opens a member; {@link #close()} ends it and leaves {@code out} open.
     *
     * @param level 0 (stored) to 9
     */
    static GzipMember open(OutputStream out, int level) throws IOException {
        return new GzipMember(out, level);
    }

    /** Writes {@code data} as one member. */
    static void write(OutputStream out, byte[] data, int off, int len, int level) throws IOException {
        try (GzipMember member = open(out, level)) {
            member.write(data, off, len);
        }
    }
}
