package org.backupbatch.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Writes the tar header blocks of an entry map's entry under a backup's root, as GNU tar
 * {@code --format=gnu} does for the same file: a {@code ././@LongLink} record before a name or a
 * link target of 100 bytes or more, numbers too large for octal in base-256. An incremental
 * night writes every header anew: the root {@code backup-<id>/files} is in each name, so no
 * member that holds a header can be taken over from another backup; only data members are.
 */
final class TarHeaders {

    private static final ZipEncoding NAMES = ZipEncodingHelper.getZipEncoding("ISO-8859-1");
    private static final int BLOCK = 512;

    private TarHeaders() {
    }

    /** Writes the header(s) of {@code e}; its data, if any, follows in the caller's next member. */
    static void write(FileEntry e, String filesRoot, OutputStream out) throws IOException {
        String name = filesRoot + e.path().substring(1) + (e.type() == 'd' ? "/" : "");
        String link = e.link() == null ? null : e.type() == 'h' ? filesRoot + e.link().substring(1) : e.link();
        if (link != null && bytes(link).length >= TarConstants.NAMELEN) {
            longLink(TarConstants.LF_GNUTYPE_LONGLINK, link, out);
        }
        if (bytes(name).length >= TarConstants.NAMELEN) {
            longLink(TarConstants.LF_GNUTYPE_LONGNAME, name, out);
        }
        TarArchiveEntry t = new TarArchiveEntry(name, e.linkFlag(), true);
        t.setMode(e.mode());
        t.setSize(e.type() == 'f' ? e.size() : 0);
        t.setModTime(FileTime.fromMillis(e.mtime() * 1000));
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName(e.uname() == null ? "" : e.uname());
        t.setGroupName(e.gname() == null ? "" : e.gname());
        if (link != null) {
            t.setLinkName(link);
        }
        if (e.type() == 'c' || e.type() == 'b') {
            t.setDevMajor(e.devMajor());
            t.setDevMinor(e.devMinor());
        }
        byte[] header = new byte[BLOCK];
        t.writeEntryHeader(header, NAMES, true);
        out.write(header);
    }

    /** The zero bytes that round a content of {@code size} bytes up to whole blocks. */
    static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static void longLink(byte flag, String text, OutputStream out) throws IOException {
        byte[] b = bytes(text);
        TarArchiveEntry t = new TarArchiveEntry(TarConstants.GNU_LONGLINK, flag);
        t.setSize(b.length + 1L);
        t.setModTime(FileTime.fromMillis(0));
        byte[] header = new byte[BLOCK];
        t.writeEntryHeader(header, NAMES, true);
        out.write(header);
        out.write(b);
        out.write(new byte[1 + padding(b.length + 1L)]); // the NUL, then up to a whole block
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
