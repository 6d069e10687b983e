package org.backupbatch.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Writes through to a stream while another thread reads the same bytes to check them (gunzip,
 * walk the tar entries…), so that a received stream is inspected as it arrives instead of being
 * read back from disk afterwards. At most {@link #QUEUED_CHUNKS} chunks wait between the two
 * threads: memory stays bounded, and a slow inspection slows the writer down rather than
 * piling up. The inspection always reads to the end, even after it failed, so the writer never
 * blocks on it.
 *
 * @param <T> what the inspection returns
 */
public final class InspectingOutputStream<T> extends FilterOutputStream {

    /** Reads the stream to its end and returns what it found; throws when the stream is wrong. */
    public interface Inspection<T> {
        T inspect(InputStream in) throws IOException;
    }

    static final int QUEUED_CHUNKS = 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final FutureTask<T> task;
    private boolean closed;

    public InspectingOutputStream(OutputStream out, String threadName, Inspection<T> inspection) {
        super(out);
        QueueInputStream in = new QueueInputStream(queue);
        task = new FutureTask<>(() -> {
            try {
                return inspection.inspect(in);
            } finally {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (len > 0) {
            put(Arrays.copyOfRange(b, off, off + len));
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } finally {
                put(END);
            }
        }
    }

    /** Closes this stream and returns the inspection's result, or throws its failure. */
    public T result() throws IOException {
        close();
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the inspection");
        }
    }

    private void put(byte[] chunk) throws IOException {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing bytes to the inspection");
        }
    }

    /** The reading side: the chunks in order, then end of stream. */
    private static final class QueueInputStream extends InputStream {
        private final BlockingQueue<byte[]> queue;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean ended;

        QueueInputStream(BlockingQueue<byte[]> queue) {
            this.queue = queue;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == chunk.length) {
                if (ended) {
                    return -1;
                }
                try {
                    chunk = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while inspecting");
                }
                pos = 0;
                ended = chunk == END;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
