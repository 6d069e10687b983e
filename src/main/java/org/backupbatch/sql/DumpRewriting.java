package org.backupbatch.sql;

import java.io.IOException;
import java.nio.CharBuffer;
import java.util.Locale;

/**
 * One pass of {@link DumpRewriter} over a dump: just enough of a SQL lexer to tell code from
 * strings, quoted identifiers and comments (the {@code /*!50013 …} ones are code), to follow the
 * mysql client's {@code DELIMITER} command, and to know which kind of statement it is in: data
 * (INSERT, REPLACE), DDL (CREATE, ALTER) or other. Everything it reads it writes, but the
 * DEFINER clauses and string values it rewrites.
 */
final class DumpRewriting {

    /** Chars read ahead after the word DEFINER: an account is at most ~700 (quoted 80 + 255). */
    static final int LOOKAHEAD = 1024;
    private static final int WORD_MAX = 64;
    private static final String CURRENT_USER = "DEFINER=CURRENT_USER";

    private enum Statement { START, DATA, DDL, OTHER }

    private final DumpIo.Input in;
    private final DumpIo.Output out;
    private final boolean definers;
    private final DumpRewriter.ValueReplacer urls;
    private String delimiter = ";";
    private Statement statement = Statement.START;
    /** The last token was {@code _binary}, {@code X} or {@code B}: the next string is binary data. */
    private boolean binaryNext;
    private long definersRewritten;
    private long valuesChanged;

    /** @param urls the URL replacement, or null for none */
    DumpRewriting(DumpIo.Input in, DumpIo.Output out, boolean definers, DumpRewriter.ValueReplacer urls) {
        this.in = in;
        this.out = out;
        this.definers = definers;
        this.urls = urls;
    }

    long definersRewritten() {
        return definersRewritten;
    }

    long valuesChanged() {
        return valuesChanged;
    }

    void run() throws IOException {
        int c;
        while ((c = in.read()) >= 0) {
            code((char) c);
        }
    }

    private void code(char c) throws IOException {
        boolean binary = binaryNext;
        binaryNext = false;
        if (c == delimiter.charAt(0) && follows(delimiter)) {
            out.write(delimiter);
            statement = Statement.START;
        } else if (c == '\'' || c == '"') {
            string(c, binary);
        } else if (c == '`') {
            out.write(c);
            copyQuoted(c);
        } else if (c == '#' || (c == '-' && lineCommentFollows())) {
            out.write(c);
            copyLine();
        } else if (c == '/' && next('*')) {
            comment();
        } else if (isWordChar(c)) {
            word(c);
        } else {
            out.write(c);
            binaryNext = binary && Character.isWhitespace(c);
        }
    }

    private void string(char quote, boolean binary) throws IOException {
        if (statement != Statement.DATA || quote != '\'' || urls == null || binary) {
            out.write(quote);
            copyQuoted(quote);
            return;
        }
        StringBuilder raw = new StringBuilder();
        boolean closed = false;
        int c;
        while (!closed && (c = in.read()) >= 0) {
            if (c == '\'' && next('\'')) {
                raw.append("''");
            } else if (c == '\'') {
                closed = true;
            } else {
                raw.append((char) c);
                if (c == '\\' && (c = in.read()) >= 0) {
                    raw.append((char) c);
                }
            }
        }
        String replaced = urls.replace(raw.toString());
        if (replaced != null) {
            valuesChanged++;
        }
        out.write('\'');
        out.write(replaced != null ? replaced : raw);
        if (closed) {
            out.write('\'');
        }
    }

    /** Copies a string or quoted identifier after its opening quote, through its closing one. */
    private void copyQuoted(char quote) throws IOException {
        int c;
        while (true) {
            in.copyQuotedRun(out, quote); // the plain chars the buffer holds, at once
            if ((c = in.read()) < 0) {
                return;
            }
            out.write(c);
            if (c == '\\' && quote != '`' && (c = in.read()) >= 0) {
                out.write(c);
            } else if (c == quote) {
                if (!next(quote)) {
                    return;
                }
                out.write(c);
            }
        }
    }

    /** After {@code /*}: an executable comment ({@code /*!50013}, {@code /*M!100100}) is code. */
    private void comment() throws IOException {
        out.write("/*");
        boolean mariadb = peek() == 'M' && next('M');
        if (next('!')) {
            out.write(mariadb ? "M!" : "!");
            int c = in.read();
            for (int digits = 0; digits < 6 && c >= '0' && c <= '9'; digits++) {
                out.write(c);
                c = in.read();
            }
            unread(c);
            return;
        }
        int previous = mariadb ? 'M' : 0;
        if (mariadb) {
            out.write('M');
        }
        int c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            if (previous == '*' && c == '/') {
                return;
            }
            previous = c;
        }
    }

    private void word(char first) throws IOException {
        StringBuilder word = new StringBuilder(16).append(first);
        int c = in.read();
        while (inWord(c) && word.length() < WORD_MAX) {
            word.append((char) c);
            c = in.read();
        }
        if (inWord(c)) {
            // a long number or hex blob: streamed, never a keyword; in array copies while they last
            out.write(word);
            while (inWord(c)) {
                out.write(c);
                while (in.copyWordRun(out, delimiter.charAt(0)) > 0) {
                    // the buffer's run copied; the next read refills it
                }
                c = in.read();
            }
            unread(c);
            statement = statement == Statement.START ? Statement.OTHER : statement;
            return;
        }
        unread(c);
        keyword(word.toString());
    }

    private void keyword(String word) throws IOException {
        if (statement == Statement.START) {
            statement = classify(word);
            if (word.equalsIgnoreCase("DELIMITER")) {
                out.write(word);
                delimiterCommand();
                return;
            }
        } else if (statement == Statement.DDL && definers && word.equalsIgnoreCase("DEFINER") && definer()) {
            return;
        } else if (statement == Statement.DATA) {
            binaryNext = word.equalsIgnoreCase("_binary")
                    || (word.length() == 1 && "xXbB".indexOf(word.charAt(0)) >= 0 && peek() == '\'');
        }
        out.write(word);
    }

    private static Statement classify(String firstWord) {
        return switch (firstWord.toUpperCase(Locale.ROOT)) {
            case "INSERT", "REPLACE" -> Statement.DATA;
            case "CREATE", "ALTER" -> Statement.DDL;
            case "DELIMITER" -> Statement.START;
            default -> Statement.OTHER;
        };
    }

    /** After the word DEFINER: rewrites {@code =account} and returns true, or reads nothing and returns false. */
    private boolean definer() throws IOException {
        char[] ahead = new char[LOOKAHEAD];
        int length = in.read(ahead, ahead.length);
        int clause = DefinerClause.length(CharBuffer.wrap(ahead, 0, length));
        if (clause < 0) {
            in.unread(ahead, 0, length);
            return false;
        }
        in.unread(ahead, clause, length - clause);
        out.write(CURRENT_USER);
        definersRewritten++;
        return true;
    }

    /** The rest of a {@code DELIMITER ;;} line: copied, and its first word is the new delimiter. */
    private void delimiterCommand() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        out.write(line);
        if (c >= 0) {
            out.write(c);
        }
        String[] words = line.toString().strip().split("\\s+");
        if (!words[0].isEmpty()) {
            delimiter = words[0];
        }
    }

    private void copyLine() throws IOException {
        int c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            if (c == '\n') {
                return;
            }
        }
    }

    /** After a {@code -}: whether {@code -} and a space, a control char or the end follow (a comment); reads nothing. */
    private boolean lineCommentFollows() throws IOException {
        int second = in.read();
        int third = second == '-' ? in.read() : -1;
        unread(third);
        unread(second);
        return second == '-' && third <= ' ';
    }

    /** Whether {@code c}, just read, continues a word: a delimiter such as {@code $$} ends it, as in the mysql client. */
    private boolean inWord(int c) throws IOException {
        if (c < 0 || !isWordChar((char) c)) {
            return false;
        }
        if (c != delimiter.charAt(0) || !follows(delimiter)) {
            return true;
        }
        in.unread(delimiter.toCharArray(), 1, delimiter.length() - 1);
        return false;
    }

    /** Whether the rest of the delimiter (after its first char) comes next; consumed if so. */
    private boolean follows(String text) throws IOException {
        for (int i = 1; i < text.length(); i++) {
            int c = in.read();
            if (c != text.charAt(i)) {
                unread(c);
                in.unread(text.toCharArray(), 1, i - 1);
                return false;
            }
        }
        return true;
    }

    /** Consumes the next char if it is {@code expected}. */
    private boolean next(char expected) throws IOException {
        int c = in.read();
        if (c == expected) {
            return true;
        }
        unread(c);
        return false;
    }

    private int peek() throws IOException {
        int c = in.read();
        unread(c);
        return c;
    }

    /** Pushes a char back; nothing at the end of input. */
    private void unread(int c) throws IOException {
        if (c >= 0) {
            in.unread(c);
        }
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c >= 0x80;
    }
}
