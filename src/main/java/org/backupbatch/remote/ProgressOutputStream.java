package org.backupbatch.remote;

import java.io.IOException;
import java.io.OutputStream;
import org.backupbatch.archive.Streams;

/**
 * Counts what is written and feeds it to a {@link Progress}, so long transfers show they move.
 * Closing it closes the wrapped stream and ends the progress (its last line).
 */
final class ProgressOutputStream extends Streams.Counting {

    private final Progress progress;

    ProgressOutputStream(OutputStream out, Progress progress) {
        super(out);
        this.progress = progress;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        progress.accept(len);
    }

    @Override
    public void write(int b) throws IOException {
        super.write(b);
        progress.accept(1);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            progress.close();
        }
    }
}
