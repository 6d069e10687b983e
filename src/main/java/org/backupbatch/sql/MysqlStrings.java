package org.backupbatch.sql;

/**
 * The content of a MySQL single-quoted string literal, as mysqldump writes it and the server reads
 * it (backslash escapes on, the default {@code sql_mode}). Strings here are bytes: one
 * ISO-8859-1 char per byte.
 */
final class MysqlStrings {

    private MysqlStrings() {
    }

    /** The value of a literal from its raw content (between its quotes, escapes still in). */
    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0 && raw.indexOf('\'') < 0) {
            return raw;
        }
        StringBuilder value = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char escaped = raw.charAt(++i);
                switch (escaped) {
                    case '0' -> value.append('\0');
                    case 'b' -> value.append('\b');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'Z' -> value.append('\u001A');
                    // the server keeps the backslash of \% and \_ (they are LIKE escapes)
                    case '%', '_' -> value.append('\\').append(escaped);
                    default -> value.append(escaped);
                }
            } else if (c == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                value.append('\'');
                i++;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** The raw content of a literal for a value, escaped as mysqldump's mysql_real_escape_string does. */
    static String escape(String value) {
        StringBuilder raw = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\0' -> raw.append("\\0");
                case '\n' -> raw.append("\\n");
                case '\r' -> raw.append("\\r");
                case '\\' -> raw.append("\\\\");
                case '\'' -> raw.append("\\'");
                case '"' -> raw.append("\\\"");
                case '\u001A' -> raw.append("\\Z");
                default -> raw.append(c);
            }
        }
        return raw.toString();
    }
}
