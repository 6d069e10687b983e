package org.backupbatch.archive;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a {@link PathRecord} is stored in the files of a {@link PathSorter}: three NUL-terminated
 * fields, {@code path\0size\0type\0}, the size in decimal ASCII. A name may hold any byte but NUL
 * (newlines included), so NUL is the only safe separator, as for {@code find -print0}.
 */
final class RecordCodec {

    private RecordCodec() {
    }

    static void write(OutputStream out, PathRecord record) throws IOException {
        out.write(record.path().getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        out.write(Long.toString(record.size()).getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.write(record.type());
        out.write(0);
    }

    /**
     * Reads records one after the other, through its own buffer: a byte at a time through a
     * {@code BufferedInputStream} would take a lock per byte of millions of names.
     */
    static final class Input implements Closeable {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        private byte[] field = new byte[256];

        Input(InputStream in) {
            this.in = in;
        }

        /** @return the next record, or null at the end */
        PathRecord next() throws IOException {
            int length = field();
            if (length < 0) {
                return null;
            }
            String path = new String(field, 0, length, StandardCharsets.ISO_8859_1);
            int sizeLength = required();
            long size = Long.parseLong(new String(field, 0, sizeLength, StandardCharsets.US_ASCII));
            if (required() != 1) {
                throw new IOException("damaged path record after " + path + ": a type is one byte");
            }
            return new PathRecord(path, size, (char) (field[0] & 0xff));
        }

        private int required() throws IOException {
            int length = field();
            if (length < 0) {
                throw new EOFException("path records end inside a record");
            }
            return length;
        }

        /** Reads up to the next NUL into {@code field}; -1 at the end of the stream. */
        private int field() throws IOException {
            int length = 0;
            while (true) {
                if (position == limit && !fill()) {
                    if (length > 0) {
                        throw new EOFException("path records end inside a field");
                    }
                    return -1;
                }
                byte b = buffer[position++];
                if (b == 0) {
                    return length;
                }
                if (length == field.length) {
                    field = Arrays.copyOf(field, length * 2);
                }
                field[length++] = b;
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buffer);
            position = 0;
            limit = Math.max(n, 0);
            return n > 0;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
