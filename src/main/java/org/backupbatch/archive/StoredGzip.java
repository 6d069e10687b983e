package org.backupbatch.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Wraps bytes that do not compress (JPEGs, videos, zips as a tar stream) into one gzip member of
 * stored blocks: a valid member for {@code tar xzf} and for the stitching of PRODUCT §4, for
 * the cost of a CRC and 5 bytes every 64 KB. Deflating them at any level would spend this
 * machine's CPU on the critical path, and win nothing.
 */
public final class StoredGzip extends GZIPOutputStream {

    private static final int BUFFER = 64 * 1024;

    /** @param out where the member goes; closed with this stream */
    public StoredGzip(OutputStream out) throws IOException {
        super(out, BUFFER);
        def.setLevel(Deflater.NO_COMPRESSION);
    }
}
