package org.backupbatch.archive;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;

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
