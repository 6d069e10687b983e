package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * How much a backup of the site would read, measured where the site lives without writing
 * anything: the files the backup's own {@link FileSelector} would select (their apparent sizes,
 * which is what tar reads, from one {@code find -printf}; the listing is walked as it arrives,
 * never stored), and the data of the tables the dump would take ({@code information_schema}, the
 * {@link TableSelection} of the backup). Both are before compression: an upper bound of what the
 * archive takes, fit to compare with free space.
 */
public final class SizeEstimate {

    private static final int PATH_MISSING = 97;

    /**
     * @param files    regular files selected
     * @param bytes    their apparent sizes, summed
     * @param warnings what {@code find} could not read (the backup would warn about the same)
     */
    public record Files(long files, long bytes, List<String> warnings) {
    }

    /**
     * @param tables tables and views the dump would take
     * @param bytes  their data length as the server reports it (InnoDB's is approximate)
     */
    public record Database(long tables, long bytes) {
    }

    private final Shell shell;
    private final Duration timeout;

    public SizeEstimate(Shell shell, Duration timeout) {
        this.shell = shell;
        this.timeout = timeout;
    }

    /** The files the backup's patterns select under {@code remotePath}. */
    public Files files(String remotePath, List<String> includes, List<String> excludes) throws IOException {
        String script = "cd -- " + quote(remotePath) + " || exit " + PATH_MISSING + "\n"
                + "exec find . -printf '%y %s %p\\0'";
        SelectedSizes sizes = new SelectedSizes(new FileSelector(includes, excludes).walk());
        CommandResult result;
        try (sizes) {
            result = shell.run(script, null, sizes, timeout);
        }
        if (result.exitStatus() == PATH_MISSING) {
            throw new IOException("files.remote_path " + remotePath + " is not a readable folder on " + shell.describe());
        }
        if (result.exitStatus() != 0 && result.exitStatus() != 1) {
            throw new IOException("listing " + remotePath + " on " + shell.describe() + " failed with status "
                    + result.exitStatus() + ": " + result.stderrTail(3));
        }
        return new Files(sizes.files, sizes.bytes, result.exitStatus() == 1 ? result.stderrLines() : List.of());
    }

    /** The tables of {@code selection} in the site's database. */
    public Database database(SiteConfig.Database db, TableSelection selection) throws IOException {
        List<String> rows = new RemoteSql(shell, db).query("SELECT HEX(TABLE_NAME), COALESCE(DATA_LENGTH, 0) "
                + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
        long tables = 0;
        long bytes = 0;
        for (String row : rows) {
            String[] fields = row.strip().split("\t");
            String name = new String(HexFormat.of().parseHex(fields[0]), StandardCharsets.UTF_8);
            if (selection.takes(name)) {
                tables++;
                bytes += Long.parseLong(fields[1]);
            }
        }
        return new Database(tables, bytes);
    }

    /**
     * Parses {@code <type> <size> <path>\0} records as they arrive and sums the regular files
     * the selector selects. {@code find} lists in pre-order, as the selector needs.
     */
    private static final class SelectedSizes extends OutputStream {

        private final FileSelector.Walk walk;
        private final ByteArrayOutputStream record = new ByteArrayOutputStream(256);
        private long files;
        private long bytes;

        SelectedSizes(FileSelector.Walk walk) {
            this.walk = walk;
        }

        @Override
        public void write(int b) throws IOException {
            if (b != 0) {
                record.write(b);
                return;
            }
            String text = record.toString(StandardCharsets.ISO_8859_1);
            record.reset();
            int first = text.indexOf(' ');
            int second = text.indexOf(' ', first + 1);
            if (first != 1 || second < 0) {
                throw new IOException("not a '<type> <size> <path>' record of a find listing: " + text);
            }
            boolean selected = walk.offer(text.substring(second + 1), path -> { }) > 0;
            if (selected && text.charAt(0) == 'f') {
                files++;
                bytes += Long.parseLong(text.substring(first + 1, second));
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            for (int i = offset; i < offset + count; i++) {
                write(bytes[i] & 0xff);
            }
        }

        @Override
        public void close() throws IOException {
            if (record.size() > 0) {
                throw new IOException("the find listing ends inside a record, it is cut");
            }
        }
    }
}
