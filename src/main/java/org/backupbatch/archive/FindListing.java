package org.backupbatch.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a remote {@code find} listing is written as it arrives: each NUL-terminated record is
 * parsed and handed to a {@link PathSorter}, so that the listing of a million files is never held
 * whole. Two forms: {@link #paths} for {@code find -print0} (or what {@link FileSelector} writes),
 * {@link #sizedFiles} for {@code find -type f -printf '%s %p\0'}. Names are bytes (ISO-8859-1):
 * a newline in a name is data.
 * <p>
 * {@link #close()} fails when the listing stops inside a record: a cut listing never passes for
 * a whole one. The sorter is not closed.
 */
public final class FindListing extends OutputStream {

    private final PathSorter sorter;
    private final boolean sized;
    private byte[] record = new byte[256];
    private int length;
    private long records;

    private FindListing(PathSorter sorter, boolean sized) {
        this.sorter = sorter;
        this.sized = sized;
    }

    /** Records {@code path\0}: paths without size nor type. */
    public static FindListing paths(PathSorter sorter) {
        return new FindListing(sorter, false);
    }

    /** Records {@code <size> <path>\0}: regular files with their size in bytes. */
    public static FindListing sizedFiles(PathSorter sorter) {
        return new FindListing(sorter, true);
    }

    /** How many records were handed to the sorter. */
    public long records() {
        return records;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == 0) {
                complete();
            } else {
                if (length == record.length) {
                    record = Arrays.copyOf(record, length * 2);
                }
                record[length++] = bytes[i];
            }
        }
    }

    private void complete() throws IOException {
        String text = new String(record, 0, length, StandardCharsets.ISO_8859_1);
        length = 0;
        if (text.isEmpty()) {
            return;
        }
        sorter.add(sized ? sizedFile(text) : PathRecord.of(text));
        records++;
    }

    private static PathRecord sizedFile(String text) throws IOException {
        int space = text.indexOf(' ');
        try {
            if (space > 0 && space < text.length() - 1) {
                return new PathRecord(text.substring(space + 1), Long.parseLong(text.substring(0, space)),
                        PathRecord.FILE);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("not a '<size> <path>' record of a find listing: " + text);
    }

    @Override
    public void close() throws IOException {
        if (length > 0) {
            String tail = new String(record, 0, Math.min(length, 200), StandardCharsets.ISO_8859_1);
            length = 0;
            throw new IOException("the find listing ends inside a record, it is cut: " + tail);
        }
    }
}
