package org.backupbatch.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The entry map of a files part cut into members: one record per tar entry, in archive order,
 * with its metadata, its content's sha256 and its data member's range (see {@link FileEntry}).
 * Kept out of the manifest (10^5 entries would make it megabytes: a sha256 does not compress),
 * in a gzipped binary file beside the archive, {@code backup-<site>-<id>.files.gz}, whose sha256
 * and entry count the manifest records ({@link Manifest.EntryMap}). Each regular file carries two
 * sums: its content's (for the content check) and its data member's (checked when the member is
 * copied into a later backup): about 100 bytes an entry, gzipped.
 */
public final class FilesIndex {

    private static final String MAGIC = "backup-batch files index";
    private static final int VERSION = 1;
    private static final HexFormat HEX = HexFormat.of();

    private FilesIndex() {
    }

    /** Writes records one by one; memory holds none of them. */
    public static final class Writer implements Closeable {
        private final DataOutputStream out;
        private long count;

        public Writer(Path file) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(
                    new GZIPOutputStream(PrivateFiles.newOutputStream(file), 1 << 16), 1 << 16));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
        }

        public void add(FileEntry e) throws IOException {
            out.writeByte(e.type());
            text(e.path());
            out.writeLong(e.size());
            out.writeLong(e.mtime());
            out.writeShort(e.mode());
            out.writeLong(e.uid());
            out.writeLong(e.gid());
            text(e.uname());
            text(e.gname());
            text(e.link());
            out.writeInt(e.devMajor());
            out.writeInt(e.devMinor());
            sum(e.sha256());
            out.writeLong(e.dataOffset());
            out.writeLong(e.dataLength());
            sum(e.dataSha256());
            count++;
        }

        public long count() {
            return count;
        }

        private void sum(String hex) throws IOException {
            byte[] sum = hex == null ? new byte[0] : HEX.parseHex(hex);
            out.writeByte(sum.length);
            out.write(sum);
        }

        private void text(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            out.writeInt(b.length);
            out.write(b);
        }

        /** Writes the end mark: a file cut short never reads as a whole one. */
        @Override
        public void close() throws IOException {
            out.writeByte(0);
            out.close();
        }
    }

    /** Reads a whole map, by path, in archive order. */
    public static Map<String, FileEntry> read(Path file) throws IOException {
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new IOException(file + " is not a files index this version reads");
            }
            byte type;
            while ((type = in.readByte()) != 0) {
                FileEntry e = new FileEntry(text(in), (char) type, in.readLong(), in.readLong(), in.readShort() & 07777,
                        in.readLong(), in.readLong(), text(in), text(in), text(in), in.readInt(), in.readInt(),
                        sum(in), in.readLong(), in.readLong(), sum(in));
                entries.put(e.path(), e);
            }
        } catch (EOFException e) {
            throw new IOException(file + " ends early: the files index is cut", e);
        }
        return entries;
    }

    private static String sum(DataInputStream in) throws IOException {
        int n = in.readUnsignedByte();
        if (n == 0) {
            return null;
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return HEX.formatHex(b);
    }

    private static String text(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
