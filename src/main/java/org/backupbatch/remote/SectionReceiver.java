package org.backupbatch.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;

/**
 * Reads the stream of {@link DumpSections}' send mode as it arrives (gunzipped here, in 64 KB
 * pieces at most): each section sent is gzipped into a work file of its own, named
 * {@code incdb-<sha256 of its text>.gz} once complete, so that an attempt cut short keeps the
 * sections it received; a section skipped leaves only its sum.
 */
final class SectionReceiver {

    /** The start of the work files' names. */
    static final String WORK_PREFIX = "incdb-";

    private SectionReceiver() {
    }

    /** A section of the second run: sent (then held in a work file now) or skipped, with its sum. */
    record Received(int number, String sha256, boolean sent) {
    }

    /** Reads the second run's stream: control lines, and the text of each section sent. */
    static List<Received> receive(InputStream gz, String nonce, Path workDir, int level) throws IOException {
        List<Received> received = new ArrayList<>();
        String control = nonce + " ";
        SectionFile current = null;
        try (InputStream in = new GZIPInputStream(gz, 65536)) {
            DumpLines lines = new DumpLines(in);
            DumpLines.Piece piece;
            while ((piece = lines.next()) != null) {
                if (piece.startsLine() && piece.endsLine() && piece.text().startsWith(control)) {
                    if (current != null) {
                        received.add(current.finish());
                        current = null;
                    }
                    String[] words = piece.text().split(" +");
                    if (words[1].equals("send")) {
                        current = new SectionFile(workDir, Integer.parseInt(words[2]), level);
                    } else {
                        received.add(new Received(Integer.parseInt(words[2]), words[3], false));
                    }
                } else if (current == null) {
                    throw new IOException("dump text outside any section");
                } else {
                    current.write(piece);
                }
            }
            if (current != null) {
                received.add(current.finish());
                current = null;
            }
        } finally {
            if (current != null) {
                current.abandon();
            }
        }
        return received;
    }

    /** A section being received: its text gzipped here into a work file, named by its sum when complete. */
    private static final class SectionFile {
        private final Path part;
        private final MessageDigest digest = Sha256.newDigest();
        private final OutputStream out;
        private final int number;

        SectionFile(Path workDir, int number, int level) throws IOException {
            this.part = workDir.resolve(WORK_PREFIX + "section.part");
            this.number = number;
            OutputStream gz = new java.util.zip.GZIPOutputStream(PrivateFiles.newOutputStream(part), 1 << 16) {
                {
                    def.setLevel(level);
                }
            };
            this.out = new DigestOutputStream(gz, digest);
        }

        void write(DumpLines.Piece piece) throws IOException {
            out.write(piece.text().getBytes(StandardCharsets.ISO_8859_1));
            if (piece.endsLine()) {
                out.write('\n');
            }
        }

        Received finish() throws IOException {
            out.close();
            String sum = Sha256.hex(digest);
            Files.move(part, part.resolveSibling(WORK_PREFIX + sum + ".gz"), StandardCopyOption.REPLACE_EXISTING);
            return new Received(number, sum, true);
        }

        void abandon() throws IOException {
            out.close();
            Files.deleteIfExists(part);
        }
    }
}
