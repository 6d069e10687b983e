package org.backupbatch.ssh;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * How long a command has gone without a byte in either direction: its stdin read, its stdout or
 * stderr written. {@code ssh.command_timeout_seconds} is this silence, not the command's length:
 * a site that takes 7 hours to stream, bytes flowing all along, is not killed at 6, and a stream
 * that stalls (a dead NAT entry, a hung server) is given up after that long without a byte and
 * retried as a connection failure ({@link #stalled}).
 */
final class Silence {

    private volatile long last = System.nanoTime();

    /** A byte went by. */
    void touch() {
        last = System.nanoTime();
    }

    /** Whether nothing went by for longer than {@code limit}. */
    boolean exceeds(Duration limit) {
        return System.nanoTime() - last > limit.toNanos();
    }

    /** The failure to report: a transport failure, which the transfers retry like a reset. */
    static TransportException stalled(String where, Duration limit) {
        return new TransportException("no data from or to " + where + " for " + limit.toSeconds()
                + " s (ssh.command_timeout_seconds): the command or its connection stalled", null);
    }

    /** {@code in}, each read counted as activity (null stays null: no stdin). */
    InputStream watch(InputStream in) {
        return in == null ? null : new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                touch();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                touch();
                return n;
            }
        };
    }

    /** {@code out}, each write counted as activity. */
    OutputStream watch(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                touch();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                touch();
                out.write(b, off, len);
            }
        };
    }
}
