package org.backupbatch.remote;

import java.io.IOException;
import java.io.OutputStream;
import org.backupbatch.archive.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts what is written and logs progress every 30 seconds, so long transfers show they move. */
final class ProgressOutputStream extends Streams.Counting {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressOutputStream.class);
    private static final long INTERVAL_NANOS = 30_000_000_000L;

    private final String what;
    private final long start = System.nanoTime();
    private long lastLog = start;

    public ProgressOutputStream(OutputStream out, String what) {
        super(out);
        this.what = what;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        long now = System.nanoTime();
        if (now - lastLog > INTERVAL_NANOS) {
            lastLog = now;
            double seconds = (now - start) / 1e9;
            LOG.info("receiving {}: {} so far ({}/s)", what, Sizes.human(count()), Sizes.human((long) (count() / seconds)));
        }
    }
}
