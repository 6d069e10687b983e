package org.backupbatch.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Counts the rows of each table in a mysqldump, fed line by line as the dump streams: every
 * parenthesised tuple of an {@code INSERT}/{@code REPLACE … VALUES (…),(…);} statement, however
 * many lines it takes; parentheses, {@code ),(} and quotes inside strings, quoted identifiers and
 * comments do not count. A table gets 0 when its {@code CREATE TABLE} is seen, so empty tables
 * are listed; a view (mysqldump first writes a stand-in for it) is not. It follows the mysql
 * client's {@code DELIMITER} command, so that statements inside trigger and routine bodies are
 * not mistaken for data.
 *
 * <p>Not thread-safe: one counter per dump. Lines may be decoded as UTF-8 or ISO-8859-1; only
 * table names depend on it.
 */
public final class DumpRowCounter {

    private static final Set<String> INSERT_NOISE = Set.of("INTO", "IGNORE", "LOW_PRIORITY", "DELAYED",
            "HIGH_PRIORITY");
    private static final Set<String> CREATE_OTHER = Set.of("TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "DATABASE",
            "SCHEMA", "INDEX", "SEQUENCE", "USER", "ROLE", "SERVER", "PACKAGE", "TABLESPACE", "LOGFILE");
    private static final Set<String> IF_NOT_EXISTS = Set.of("IF", "NOT", "EXISTS");

    /** Where the current statement is, as far as counting goes. */
    private enum Phase { START, INSERT, INSERT_TABLE, VALUES, CREATE, CREATE_TABLE, CREATE_VIEW, NAMED, OTHER }

    /** Longest word kept whole across the pieces of a line (keywords, names: MySQL's are 64). */
    private static final int MAX_WORD = 128;

    private final Map<String, Long> rows = new LinkedHashMap<>();
    /** The end of the last piece of a line, when it may be the start of a word. */
    private String carry = "";
    private String delimiter = ";";
    private Phase phase = Phase.START;
    /** Inside a string or quoted identifier: its quote; 0 in code. */
    private char quote;
    private boolean escaped;
    private boolean blockComment;
    private StringBuilder identifier;
    /** The table of the current statement; for CREATE, whether it names a table or a view. */
    private String table;
    private boolean view;
    private int depth;

    /** Feeds one line of the dump, without its line terminator. */
    public void accept(String line) {
        accept(line, true);
    }

    /**
     * Feeds part of a line: a long line (one INSERT of a large BLOB) may come in pieces, each cut
     * between two word chars, so that memory stays bounded; {@code endsLine} tells whether the
     * line ends after this piece.
     */
    public void accept(String piece, boolean endsLine) {
        String text = carry.isEmpty() ? piece : carry + piece;
        int end = text.length();
        if (!endsLine) {
            // a word cut in two (a keyword, a name) is read whole with the next piece; a longer
            // run of word chars is a value (hex, digits), which may be read in parts
            int start = end;
            while (start > 0 && end - start <= MAX_WORD && isWordChar(text.charAt(start - 1))) {
                start--;
            }
            end = end - start > MAX_WORD ? end : start;
        }
        carry = text.substring(end);
        String line = end == text.length() ? text : text.substring(0, end);
        int i = 0;
        while (i < line.length()) {
            i = step(line, i);
        }
        if (endsLine && quote != 0) {
            inQuotes('\n');
        }
    }

    /**
     * Rows per table so far, in the order the tables came; tables that were created but had no
     * INSERT have 0.
     */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** Handles the char at {@code i}, or more; returns the index of the next one to handle. */
    private int step(String line, int i) {
        char c = line.charAt(i);
        if (quote != 0 && !escaped && c == quote && line.startsWith(String.valueOf(c), i + 1)) {
            if (identifier != null) {
                identifier.append(c);
            }
            return i + 2;
        } else if (quote != 0) {
            inQuotes(c);
        } else if (blockComment) {
            blockComment = !(c == '*' && line.startsWith("/", i + 1));
            return blockComment ? i + 1 : i + 2;
        } else if (line.startsWith(delimiter, i)) {
            endStatement();
            return i + delimiter.length();
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
            identifier = c == '`' ? new StringBuilder() : null;
        } else if (c == '#' || (line.startsWith("--", i) && (i + 2 == line.length() || line.charAt(i + 2) <= ' '))) {
            return line.length();
        } else if (line.startsWith("/*", i)) {
            return comment(line, i + 2);
        } else if (isWordChar(c)) {
            int end = i;
            while (end < line.length() && isWordChar(line.charAt(end)) && !line.startsWith(delimiter, end)) {
                end++;
            }
            return word(line, i, end);
        } else {
            symbol(c);
        }
        return i + 1;
    }

    private void inQuotes(char c) {
        if (escaped) {
            escaped = false;
        } else if (c == '\\' && quote != '`') {
            escaped = true;
        } else if (c == quote) {
            if (identifier != null) {
                name(identifier.toString());
            }
            quote = 0;
            return;
        }
        if (identifier != null) {
            identifier.append(c);
        }
    }

    /** After {@code /*}: an executable comment ({@code /*!50001 …}) is code, its opener skipped. */
    private int comment(String line, int i) {
        int pos = line.startsWith("M!", i) ? i + 2 : line.startsWith("!", i) ? i + 1 : -1;
        if (pos < 0) {
            blockComment = true;
            return i;
        }
        while (pos < line.length() && pos - i < 8 && Character.isDigit(line.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private int word(String line, int start, int end) {
        String word = line.substring(start, end);
        String upper = word.toUpperCase(Locale.ROOT);
        if (phase == Phase.START && upper.equals("DELIMITER")) {
            String[] words = line.substring(end).strip().split("\\s+");
            delimiter = words[0].isEmpty() ? delimiter : words[0];
            return line.length();
        }
        switch (phase) {
            case START -> phase = switch (upper) {
                case "INSERT", "REPLACE" -> Phase.INSERT;
                case "CREATE" -> Phase.CREATE;
                default -> Phase.OTHER;
            };
            case INSERT -> {
                if (!INSERT_NOISE.contains(upper)) {
                    name(word);
                }
            }
            case INSERT_TABLE -> phase = upper.equals("VALUES") || upper.equals("VALUE") ? Phase.VALUES
                    : depth > 0 ? phase : Phase.OTHER;
            case VALUES -> phase = depth > 0 ? phase : Phase.OTHER;
            case CREATE -> createWord(upper);
            case CREATE_TABLE, CREATE_VIEW -> {
                if (!IF_NOT_EXISTS.contains(upper)) {
                    name(word);
                }
            }
            case NAMED -> named();
            default -> {
            }
        }
        return end;
    }

    private void createWord(String upper) {
        if (upper.equals("TABLE") || upper.equals("VIEW")) {
            view = upper.equals("VIEW");
            phase = view ? Phase.CREATE_VIEW : Phase.CREATE_TABLE;
        } else if (CREATE_OTHER.contains(upper)) {
            phase = Phase.OTHER;
        }
    }

    /** A table name, bare or quoted; a later {@code .name} (a qualified name) replaces it. */
    private void name(String name) {
        switch (phase) {
            case INSERT -> {
                table = name;
                phase = Phase.INSERT_TABLE;
            }
            case CREATE_TABLE, CREATE_VIEW -> {
                table = name;
                phase = Phase.NAMED;
            }
            case NAMED -> named();
            default -> {
            }
        }
    }

    private void symbol(char c) {
        if (c == '.' && (phase == Phase.NAMED || (phase == Phase.INSERT_TABLE && depth == 0))) {
            phase = phase == Phase.NAMED ? (view ? Phase.CREATE_VIEW : Phase.CREATE_TABLE) : Phase.INSERT;
            return;
        }
        if (phase == Phase.NAMED) {
            named();
        }
        if (c == '(') {
            if (phase == Phase.VALUES && depth == 0) {
                rows.merge(table, 1L, Long::sum);
            }
            depth++;
        } else if (c == ')') {
            depth = Math.max(0, depth - 1);
        }
    }

    /** The name of a CREATE TABLE or CREATE VIEW is complete: a table is listed, a view is not. */
    private void named() {
        if (view) {
            rows.remove(table);
        } else {
            rows.putIfAbsent(table, 0L);
        }
        phase = Phase.OTHER;
    }

    private void endStatement() {
        if (phase == Phase.NAMED) {
            named();
        }
        phase = Phase.START;
        depth = 0;
        table = null;
        view = false;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c >= 0x80;
    }
}
