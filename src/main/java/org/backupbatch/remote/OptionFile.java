package org.backupbatch.remote;

import java.nio.charset.StandardCharsets;
import org.backupbatch.config.SiteConfig;

/**
 * The MySQL option file that carries the database credentials to mysqldump. It is sent on the
 * command's stdin, written by the server with umask 077 and given as {@code --defaults-file}
 * (which, unlike {@code --defaults-extra-file}, keeps a {@code ~/.my.cnf} on the host out), then
 * removed: the password is never on a command line nor in the environment.
 */
public final class OptionFile {

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
     * Shell lines that read the option file from stdin into a private temporary file named by
     * {@code $bbcnf}, removed when the script exits.
     */
    static String prelude() {
        return privateFile() + "cat > \"$bbcnf\" || exit 96";
    }

    /**
     * Like {@link #prelude()}, but reads only the first {@code bytes} bytes of stdin (byte by
     * byte, so nothing more is consumed): the rest of stdin is left for the command.
     */
    static String prelude(int bytes) {
        return privateFile() + "dd bs=1 count=" + bytes + " of=\"$bbcnf\" 2>/dev/null || exit 96";
    }

    private static String privateFile() {
        return "umask 077\n"
                + "bbcnf=$(mktemp \"${TMPDIR:-/tmp}/backup-batch.XXXXXXXX\") || exit 95\n"
                + "trap 'rm -f \"$bbcnf\"' EXIT\n"
                + "trap 'exit 143' HUP INT TERM\n";
    }
}
