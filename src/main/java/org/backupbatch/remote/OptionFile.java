package org.backupbatch.remote;

import java.nio.charset.StandardCharsets;
import org.backupbatch.config.SiteConfig;

/**
 * The MySQL option file that carries the database credentials to the clients, never written to
 * the server's disk. A file in {@code /tmp} removed by the shell's exit trap stays behind when the
 * shell itself is killed, and the password with it; a pipe leaves nothing.
 *
 * <p>Its bytes come first on the command's stdin. The script reads exactly that many with
 * {@code dd bs=1} (which, unlike GNU {@code head -c}, consumes no byte more: what follows is the
 * command's own input, e.g. the dump to load) into a shell variable, and each client gets a fresh
 * pipe holding them as {@code --defaults-file=/dev/fd/4}. The clients refuse world-writable
 * <em>regular</em> option files only; a pipe is read like a file. {@code --defaults-file}, unlike
 * {@code --defaults-extra-file}, keeps a {@code ~/.my.cnf} on the host out. The password is never
 * on a command line nor in the environment.
 */
public final class OptionFile {

    /** The client option that names the pipe; every client command run by {@link #client} needs it. */
    static final String DEFAULTS = "--defaults-file=/dev/fd/4";

    /**
     * The clients' packet limit, raised to its maximum for mysqldump and mysql: one row travels
     * as one packet, and the default (16 MB for mysql, 24 MB for mysqldump) fails a row of a
     * large BLOB ("Error 2013: Lost connection to server during query"). The server's own
     * {@code max_allowed_packet} still bounds what it sends and accepts.
     */
    static final String PACKET = "--max-allowed-packet=1G";

    private OptionFile() {
    }

    static byte[] render(SiteConfig.Database db) {
        StringBuilder text = new StringBuilder("[client]\n");
        // Names and values go as UTF-8. Without this the mysql client takes its character set from
        // the locale, and an SSH exec channel often has none: latin1, and a user or database named
        // with a non-ASCII letter is refused ("Access denied").
        text.append("default-character-set=utf8mb4\n");
        text.append("user=").append(quoted(db.user())).append('\n');
        if (db.password() != null) {
            text.append("password=").append(quoted(db.password().reveal())).append('\n');
        }
        if (db.socket() != null) {
            text.append("socket=").append(quoted(db.socket())).append('\n');
        } else {
            text.append("host=").append(quoted(db.host())).append('\n');
            text.append("port=").append(db.port()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Double-quoted option value: the client library unescapes backslash sequences inside. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Shell lines that read the option file, the first {@code bytes} bytes of stdin (as
     * {@link #render} gave them: text ending with a newline), into the variable {@code bbopt},
     * and exit 96 when fewer came (a cut connection). The rest of stdin is left for the command.
     */
    static String prelude(int bytes) {
        // $(…) drops the final newline; printf puts it back, and wc -c counts bytes in any locale
        return "bbopt=$(dd bs=1 count=" + bytes + " 2>/dev/null) || exit 96\n"
                + "[ $(printf '%s\\n' \"$bbopt\" | wc -c) -eq " + bytes + " ] || exit 96";
    }

    /**
     * A client command (mysql, mysqldump) that reads the option file from a pipe of its own on fd
     * 4, its stdin and stdout unchanged. {@code command} must name {@link #DEFAULTS} and be quoted
     * already; its exit status is the group's. printf is a shell builtin: its argument is seen by
     * no process list.
     */
    static String client(String command) {
        return "{ printf '%s\\n' \"$bbopt\" | " + command + " 4<&0 0<&5 5<&-; } 5<&0";
    }
}
