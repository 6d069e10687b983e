package org.backupbatch.archive;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** Small stream helpers used while writing and reading archives. */
public final class Streams {

    private Streams() {
    }

    /** Counts the bytes written through it; the wrapped stream is closed with it. */
    public static class Counting extends FilterOutputStream {
        private long count;

        public Counting(OutputStream out) {
            super(out);
        }

        /** Counts from {@code start}: what the file it appends to already holds. */
        public Counting(OutputStream out, long start) {
            super(out);
            this.count = start;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        public long count() {
            return count;
        }
    }

    /**
     * Tells a listener how many bytes each write passes (a progress display); the wrapped stream
     * is closed with it.
     */
    public static final class Metered extends FilterOutputStream {
        private final LongConsumer listener;

        public Metered(OutputStream out, LongConsumer listener) {
            super(out);
            this.listener = listener;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            listener.accept(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            listener.accept(len);
        }
    }

    /** Tells a listener how many bytes each read gives; the wrapped stream is closed with it. */
    public static final class MeteredInput extends FilterInputStream {
        private final LongConsumer listener;

        public MeteredInput(InputStream in, LongConsumer listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                listener.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                listener.accept(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            if (skipped > 0) {
                listener.accept(skipped);
            }
            return skipped;
        }
    }

    /** Counts the bytes read through it; the wrapped stream is closed with it. */
    public static final class CountingInput extends FilterInputStream {
        private long count;

        public CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        public long count() {
            return count;
        }
    }
}
