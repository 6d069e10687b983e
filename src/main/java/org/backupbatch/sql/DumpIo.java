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

        /**
         * Copies the run of word chars ({@code [A-Za-z0-9_$]} and bytes from 0x80) that comes next in
         * the buffer, up to a {@code stop} char, straight to {@code out}: a hex blob of hundreds of MB
         * goes by in array copies instead of one call per char. Copies nothing while chars are
         * pushed back or the buffer is empty; the caller goes on char by char from there.
         *
         * @return how many chars were copied
         */
        int copyWordRun(Output out, char stop) throws IOException {
            if (pushedCount > 0) {
                return 0;
            }
            int start = pos;
            int end = start;
            while (end < limit) {
                int b = buffer[end] & 0xFF;
                boolean word = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                        || b == '_' || b == '$' || b >= 0x80;
                if (!word || b == stop) {
                    break;
                }
                end++;
            }
            out.write(buffer, start, end - start);
            pos = end;
            return end - start;
        }

        /**
         * Copies what comes next in the buffer up to a backslash or {@code quote} straight to
         * {@code out}, as {@link #copyWordRun} does: the body of a quoted string.
         *
         * @return how many chars were copied
         */
        int copyQuotedRun(Output out, char quote) throws IOException {
            if (pushedCount > 0) {
                return 0;
            }
            int start = pos;
            int end = start;
            while (end < limit && buffer[end] != '\\' && (buffer[end] & 0xFF) != quote) {
                end++;
            }
            out.write(buffer, start, end - start);
            pos = end;
            return end - start;
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

        void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.length - count) {
                drain();
                if (length > buffer.length) {
                    out.write(bytes, offset, length);
                    return;
                }
            }
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
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
