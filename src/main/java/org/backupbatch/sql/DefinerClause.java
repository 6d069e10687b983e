package org.backupbatch.sql;

/**
 * Recognises what follows the word {@code DEFINER} in a CREATE or ALTER statement: {@code =} and
 * an account, {@code `user`@`host`} as mysqldump writes it, or with {@code 'single'} or
 * {@code "double"} quotes, or bare ({@code root@localhost}), or a quoted MariaDB role without a
 * host. {@code DEFINER=CURRENT_USER} (with or without parentheses) and {@code SQL SECURITY
 * DEFINER} are not matched: there is nothing to rewrite.
 */
final class DefinerClause {

    private DefinerClause() {
    }

    /**
     * The length of the {@code = account} part at the start of {@code text} (spaces around the
     * {@code =} included), or -1 when it is not one.
     */
    static int length(CharSequence text) {
        int pos = skipSpaces(text, 0);
        if (pos >= text.length() || text.charAt(pos) != '=') {
            return -1;
        }
        pos = skipSpaces(text, pos + 1);
        int user = name(text, pos, false);
        if (user < 0) {
            return -1;
        }
        boolean bare = !isQuote(text.charAt(pos));
        if (user < text.length() && text.charAt(user) == '@') {
            return name(text, user + 1, true);
        }
        // a bare word without a host is CURRENT_USER or a function: only a quoted role stands alone
        return bare ? -1 : user;
    }

    /** The end of a quoted or bare name starting at {@code start}, or -1. */
    private static int name(CharSequence text, int start, boolean host) {
        if (start >= text.length()) {
            return -1;
        }
        char first = text.charAt(start);
        if (isQuote(first)) {
            return quotedEnd(text, start + 1, first);
        }
        int pos = start;
        while (pos < text.length() && isBareChar(text.charAt(pos), host)) {
            pos++;
        }
        return pos == start ? -1 : pos;
    }

    /** After the opening quote: the index after the closing one; doubled quotes and backslashes escape. */
    private static int quotedEnd(CharSequence text, int pos, char quote) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
            } else if (c == quote && pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                pos += 2;
            } else if (c == quote) {
                return pos + 1;
            } else {
                pos++;
            }
        }
        return -1;
    }

    private static boolean isQuote(char c) {
        return c == '`' || c == '\'' || c == '"';
    }

    private static boolean isBareChar(char c, boolean host) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c >= 0x80 || (host && (c == '.' || c == '-' || c == '%'));
    }

    private static int skipSpaces(CharSequence text, int pos) {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
