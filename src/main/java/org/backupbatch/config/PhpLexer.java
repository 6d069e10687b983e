package org.backupbatch.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of a PHP lexer to find {@code define()} calls: skips inline HTML, comments,
 * heredocs and whitespace, and cuts string literals at their real end, so that nothing inside
 * a comment or a string is mistaken for code.
 */
final class PhpLexer {

    /** A token: a string literal (raw content, between its quotes), a word, a variable or a symbol. */
    record Token(Kind kind, String text, char quote) {

        boolean is(Kind expected, String value) {
            return kind == expected && text.equals(value);
        }
    }

    enum Kind { STRING, WORD, VARIABLE, SYMBOL }

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private PhpLexer(String source) {
        this.source = source;
    }

    static List<Token> tokens(String source) {
        PhpLexer lexer = new PhpLexer(source);
        lexer.skipHtml();
        while (lexer.pos < source.length()) {
            lexer.next();
        }
        return lexer.tokens;
    }

    private void next() {
        char c = source.charAt(pos);
        if (Character.isWhitespace(c)) {
            pos++;
        } else if (source.startsWith("?>", pos)) {
            pos += 2;
            skipHtml();
        } else if (source.startsWith("/*", pos)) {
            int end = source.indexOf("*/", pos + 2);
            pos = end < 0 ? source.length() : end + 2;
        } else if (source.startsWith("//", pos) || (c == '#' && !source.startsWith("#[", pos))) {
            skipLineComment();
        } else if (c == '\'' || c == '"' || c == '`') {
            string(c);
        } else if (source.startsWith("<<<", pos)) {
            skipHeredoc();
        } else if (c == '$' && pos + 1 < source.length() && isWordStart(source.charAt(pos + 1))) {
            pos++;
            tokens.add(new Token(Kind.VARIABLE, word(), '\0'));
        } else if (isWordStart(c) || Character.isDigit(c)) {
            tokens.add(new Token(Kind.WORD, word(), '\0'));
        } else if (source.startsWith("->", pos) || source.startsWith("::", pos)) {
            tokens.add(new Token(Kind.SYMBOL, source.substring(pos, pos + 2), '\0'));
            pos += 2;
        } else {
            tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), '\0'));
            pos++;
        }
    }

    /** Skips text outside {@code <?php ... ?>}. */
    private void skipHtml() {
        int open = source.indexOf("<?", pos);
        if (open < 0) {
            pos = source.length();
        } else if (source.startsWith("<?php", open)) {
            pos = open + 5;
        } else {
            pos = open + (source.startsWith("<?=", open) ? 3 : 2);
        }
    }

    private void skipLineComment() {
        while (pos < source.length() && source.charAt(pos) != '\n' && !source.startsWith("?>", pos)) {
            pos++;
        }
    }

    private void string(char quote) {
        int start = ++pos;
        while (pos < source.length() && source.charAt(pos) != quote) {
            pos += source.charAt(pos) == '\\' ? 2 : 1;
        }
        int end = Math.min(pos, source.length());
        pos = end + 1;
        tokens.add(new Token(Kind.STRING, source.substring(start, end), quote));
    }

    /** Heredoc and nowdoc bodies are skipped whole; a define never needs one. */
    private void skipHeredoc() {
        pos += 3;
        int lineEnd = source.indexOf('\n', pos);
        if (lineEnd < 0) {
            pos = source.length();
            return;
        }
        String label = source.substring(pos, lineEnd).strip().replace("\"", "").replace("'", "");
        pos = lineEnd + 1;
        while (pos < source.length()) {
            int next = source.indexOf('\n', pos);
            int end = next < 0 ? source.length() : next;
            boolean closing = source.substring(pos, end).strip().startsWith(label);
            pos = closing ? source.indexOf(label, pos) + label.length() : end + 1;
            if (closing) {
                return;
            }
        }
    }

    private String word() {
        int start = pos;
        while (pos < source.length() && (isWordStart(source.charAt(pos)) || Character.isDigit(source.charAt(pos)))) {
            pos++;
        }
        return source.substring(start, pos);
    }

    private static boolean isWordStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }
}
