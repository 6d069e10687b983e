package org.backupbatch.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the content of PHP string literals as PHP does. Single quotes: only {@code \'} and
 * {@code \\} are escapes. Double quotes: {@code \n \t \r \v \e \f \\ \$ \"}, octal {@code \0}
 * to {@code \777}, {@code \xHH} and backslash-u{hex code point}; any other backslash stays.
 * PHP strings are bytes: escapes give bytes, and the result is read as UTF-8.
 */
final class PhpStrings {

    private PhpStrings() {
    }

    /** Thrown for what a literal cannot give without running PHP: {@code $var} interpolation. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    static String decode(String raw, char quote) throws Unsupported {
        return quote == '"' ? doubleQuoted(raw) : singleQuoted(raw);
    }

    static String singleQuoted(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '\'' || raw.charAt(i + 1) == '\\')) {
                c = raw.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    static String doubleQuoted(String raw) throws Unsupported {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '$' && i + 1 < raw.length() && startsInterpolation(raw.charAt(i + 1))) {
                throw new Unsupported("uses PHP variable interpolation");
            }
            if (c == '\\' && i + 1 < raw.length()) {
                i = escape(raw, i + 1, out);
            } else {
                int codePoint = raw.codePointAt(i);
                utf8(codePoint, out);
                i += Character.charCount(codePoint);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean startsInterpolation(char next) {
        return next == '_' || next == '{' || next >= 0x80
                || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
    }

    /** Decodes the escape whose letter is at {@code at}; returns the index after it. */
    private static int escape(String raw, int at, ByteArrayOutputStream out) throws Unsupported {
        char c = raw.charAt(at);
        int simple = switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'v' -> 0x0B;
            case 'e' -> 0x1B;
            case 'f' -> '\f';
            case '\\', '$', '"' -> c;
            default -> -1;
        };
        if (simple >= 0) {
            out.write(simple);
            return at + 1;
        }
        if (c >= '0' && c <= '7') {
            int end = digitsEnd(raw, at, 3, "01234567");
            out.write(Integer.parseInt(raw.substring(at, end), 8) & 0xFF);
            return end;
        }
        if (c == 'x' && digitsEnd(raw, at + 1, 2, "0123456789abcdefABCDEF") > at + 1) {
            int end = digitsEnd(raw, at + 1, 2, "0123456789abcdefABCDEF");
            out.write(Integer.parseInt(raw.substring(at + 1, end), 16));
            return end;
        }
        if (c == 'u' && at + 1 < raw.length() && raw.charAt(at + 1) == '{') {
            return unicode(raw, at + 2, out);
        }
        out.write('\\');
        return at;
    }

    private static int unicode(String raw, int start, ByteArrayOutputStream out) throws Unsupported {
        int close = raw.indexOf('}', start);
        String hex = close < 0 ? "" : raw.substring(start, close);
        if (hex.isEmpty() || hex.length() > 6 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new Unsupported("has an invalid \\u{...} escape");
        }
        int codePoint = Integer.parseInt(hex, 16);
        if (codePoint > Character.MAX_CODE_POINT) {
            throw new Unsupported("has an invalid \\u{...} escape");
        }
        utf8(codePoint, out);
        return close + 1;
    }

    private static int digitsEnd(String raw, int start, int max, String digits) {
        int end = start;
        while (end < raw.length() && end - start < max && digits.indexOf(raw.charAt(end)) >= 0) {
            end++;
        }
        return end;
    }

    private static void utf8(int codePoint, ByteArrayOutputStream out) {
        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }
}
