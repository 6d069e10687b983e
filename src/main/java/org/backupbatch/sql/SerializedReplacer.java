package org.backupbatch.sql;

import java.util.regex.Pattern;

/**
 * Replaces texts in a value that may be PHP-serialized, as WP-CLI's {@code search-replace} does:
 * when the whole value parses as {@code serialize()} output, only the contents of its strings
 * change and each {@code s:N:} gets its new byte length (a plain text replace would leave lengths
 * that no longer match, and PHP's {@code unserialize()} fails on them); a string whose content is
 * itself serialized is handled the same way, recursively. Array keys, property names, class names
 * and the opaque payload of {@code C:} objects are left alone. A value that does not parse is plain
 * text, replaced as such. What to replace by what, and which rule wins where several match, is
 * {@link Replacements}'s.
 *
 * <p>Values are bytes (one ISO-8859-1 char per byte), as PHP counts them.
 */
final class SerializedReplacer {

    /** Nesting (arrays, objects, serialized strings) beyond this leaves the value untouched. */
    static final int MAX_DEPTH = 512;
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,20}");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|-?INF|NAN");

    private final Replacements replacements;

    SerializedReplacer(Replacements replacements) {
        this.replacements = replacements;
    }

    /**
     * The value with every match replaced; the same instance when it holds none. Each replacement
     * is counted once in {@code tally}, by its form; nothing is counted for a value left untouched.
     */
    String replace(String value, Replacements.Tally tally) {
        if (!replacements.anyFoundIn(value)) {
            return value;
        }
        Replacements.Tally counted = new Replacements.Tally();
        try {
            String replaced = replace(value, 0, counted);
            tally.addAll(counted);
            return replaced;
        } catch (TooDeep e) {
            return value;
        }
    }

    /** Counts into {@code tally}, which the caller drops if a parse around this value fails. */
    private String replace(String value, int depth, Replacements.Tally tally) {
        if (!replacements.anyFoundIn(value)) {
            return value;
        }
        if (depth >= MAX_DEPTH) {
            throw new TooDeep();
        }
        Replacements.Tally inside = new Replacements.Tally();
        String serialized = new SerializedValue(value, depth + 1, inside).rewrite();
        if (serialized == null) {
            return replacements.replace(value, tally);
        }
        tally.addAll(inside);
        return serialized;
    }

    /** One parse of a value as serialize() output, writing the replaced copy as it goes. */
    private final class SerializedValue {

        private final String in;
        private final StringBuilder out;
        private final Replacements.Tally tally;
        private int depth;
        private int pos;

        SerializedValue(String in, int depth, Replacements.Tally tally) {
            this.in = in;
            this.depth = depth;
            this.tally = tally;
            this.out = new StringBuilder(in.length() + 64);
        }

        /** The replaced value, or null when it is not serialized. Spaces around it are kept (WordPress trims). */
        String rewrite() {
            int end = in.length();
            while (pos < end && isSpace(in.charAt(pos))) {
                pos++;
            }
            while (end > pos && isSpace(in.charAt(end - 1))) {
                end--;
            }
            out.append(in, 0, pos);
            try {
                value();
            } catch (NotSerialized e) {
                return null;
            }
            return pos == end ? out.append(in, end, in.length()).toString() : null;
        }

        private void value() {
            int start = pos;
            char type = take();
            switch (type) {
                case 'N' -> expect(';');
                case 'b', 'i', 'd', 'r', 'R' -> scalar(type);
                case 's' -> {
                    string();
                    return;
                }
                case 'a' -> {
                    container(start, 0);
                    return;
                }
                case 'O' -> {
                    container(start, 1);
                    return;
                }
                case 'C' -> {
                    lengthPrefixed('"', '"');
                    lengthPrefixed('{', '}');
                }
                case 'E' -> {
                    lengthPrefixed('"', '"');
                    expect(';');
                }
                default -> throw new NotSerialized();
            }
            out.append(in, start, pos);
        }

        /** {@code b:}, {@code i:}, {@code d:}, {@code r:}, {@code R:}, up to their {@code ;}. */
        private void scalar(char type) {
            expect(':');
            int start = pos;
            int end = in.indexOf(';', pos);
            if (end < 0) {
                throw new NotSerialized();
            }
            String number = in.substring(start, end);
            boolean valid = switch (type) {
                case 'b' -> number.equals("0") || number.equals("1");
                case 'd' -> FLOAT.matcher(number).matches();
                default -> INTEGER.matcher(number).matches();
            };
            if (!valid) {
                throw new NotSerialized();
            }
            pos = end + 1;
        }

        /** {@code s:N:"…";}: the content replaced (recursively) and its new length written. */
        private void string() {
            String content = lengthPrefixed('"', '"');
            expect(';');
            String replaced = replace(content, depth, tally);
            out.append("s:").append(replaced.length()).append(":\"").append(replaced).append("\";");
        }

        /**
         * {@code a:N:{key value …}} (names = 0) or {@code O:N:"class":N:{name value …}} (names = 1):
         * keys, names and the class copied, values replaced.
         */
        private void container(int start, int names) {
            for (int i = 0; i < names; i++) {
                lengthPrefixed('"', '"');
            }
            expect(':');
            int members = count();
            expect(':');
            expect('{');
            out.append(in, start, pos);
            if (++depth >= MAX_DEPTH) {
                throw new TooDeep();
            }
            for (int i = 0; i < members; i++) {
                key();
                value();
            }
            depth--;
            expect('}');
            out.append('}');
        }

        /** An array key or property name ({@code i:…;} or {@code s:N:"…";}), copied as it is. */
        private void key() {
            int start = pos;
            char type = take();
            if (type == 'i') {
                scalar(type);
            } else if (type == 's') {
                lengthPrefixed('"', '"');
                expect(';');
            } else {
                throw new NotSerialized();
            }
            out.append(in, start, pos);
        }

        /** {@code :N:} then N bytes between {@code open} and {@code close}; returns those bytes. */
        private String lengthPrefixed(char open, char close) {
            expect(':');
            int length = count();
            expect(':');
            expect(open);
            if (length > in.length() - pos) {
                throw new NotSerialized();
            }
            String content = in.substring(pos, pos + length);
            pos += length;
            expect(close);
            return content;
        }

        private int count() {
            int start = pos;
            while (pos < in.length() && pos - start < 10 && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start || pos - start == 10) {
                throw new NotSerialized();
            }
            return Integer.parseInt(in, start, pos, 10);
        }

        private char take() {
            if (pos >= in.length()) {
                throw new NotSerialized();
            }
            return in.charAt(pos++);
        }

        private void expect(char c) {
            if (take() != c) {
                throw new NotSerialized();
            }
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\0';
    }

    /** Thrown where the value stops looking like serialize() output. */
    private static final class NotSerialized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSerialized() {
            super(null, null, false, false);
        }
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooDeep() {
            super(null, null, false, false);
        }
    }
}
