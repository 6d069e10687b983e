package org.backupbatch.ssh;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Remembers the first failure of the stream it wraps. JSch writes a channel's data from its own
 * thread and, when that write throws (disk full, say), silently closes the channel; this keeps
 * the cause so that the caller can report it instead of a bare "connection closed".
 */
final class GuardedOutputStream extends OutputStream {

    private final OutputStream delegate;
    private volatile IOException failure;

    GuardedOutputStream(OutputStream delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            delegate.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            if (failure == null) {
                failure = e instanceof IOException io ? io : new IOException(e);
            }
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    /** Throws the first failure seen, if any. */
    void rethrowFailure() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
