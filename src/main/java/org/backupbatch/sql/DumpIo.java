package org.backupbatch.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A dump's bytes as chars (ISO-8859-1: one char per byte, both ways), buffered and unsynchronized:
 * the rewriter handles every char, and the JDK's readers and writers, which lock on each call and
 * run a charset codec, made it ten times slower.
 */
final class DumpIo {

    private static final int BUFFER = 1 << 16;

    private DumpIo() {
    }

    /** Reads chars, with room to push back up to {@code pushback} of them. */
    static final class Input {

        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private final char[] pushed;
        private int pushedCount;
        private int pos;
        private int limit;

        Input(InputStream in, int pushback) {
            this.in = in;
            this.pushed = new char[pushback];
        }

        /** The next char, or -1 at the end. */
        int read() throws IOException {
            if (pushedCount > 0) {
                return pushed[--pushedCount];
            }
            if (pos == limit) {
                limit = Math.max(0, in.read(buffer));
                pos = 0;
                if (limit == 0) {
                    return -1;
                }
            }
            return buffer[pos++] & 0xFF;
        }

        /** Up to {@code length} next chars into {@code chars}; how many (fewer only at the end). */
        int read(char[] chars, int length) throws IOException {
            int count = 0;
            int c;
            while (count < length && (c = read()) >= 0) {
                chars[count++] = (char) c;
            }
            return count;
        }

        /** Pushes a char back, to be read next; nothing for -1 (the end). */
        void unread(int c) {
            if (c >= 0) {
                if (pushedCount == pushed.length) {
                    throw new IllegalStateException("pushback buffer full");
                }
                pushed[pushedCount++] = (char) c;
            }
        }

        /** Pushes chars back, to be read next in the same order. */
        void unread(char[] chars, int offset, int length) {
            for (int i = offset + length - 1; i >= offset; i--) {
                unread(chars[i]);
            }
        }
    }

    /** Writes chars as bytes; {@link #flush()} at the end. */
    static final class Output {

        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int count;

        Output(OutputStream out) {
            this.out = out;
        }

        void write(int c) throws IOException {
            if (count == buffer.length) {
                drain();
            }
            buffer[count++] = (byte) c;
        }

        void write(CharSequence chars) throws IOException {
            for (int i = 0; i < chars.length(); i++) {
                write(chars.charAt(i));
            }
        }

        void flush() throws IOException {
            drain();
            out.flush();
        }

        private void drain() throws IOException {
            out.write(buffer, 0, count);
            count = 0;
        }
    }
}
