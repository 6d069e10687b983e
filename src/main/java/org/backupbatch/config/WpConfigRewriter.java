package org.backupbatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.backupbatch.config.PhpLexer.Kind;
import org.backupbatch.config.PhpLexer.Token;
import org.backupbatch.errors.ConfigurationError;

/**
 * Sets the values of {@code define()} constants in a WordPress {@code wp-config.php}, typically
 * DB_NAME, DB_USER, DB_PASSWORD and DB_HOST when a site is restored onto another database: only
 * the string literal of each value changes (to a single-quoted literal), every other byte of the
 * file stays as it was. The defines are found as {@link WpConfigParser} finds them (outside
 * comments and strings, the first one wins), with the same {@link PhpLexer}.
 */
public final class WpConfigRewriter {

    private static final String FILE = "wp-config.php";

    private WpConfigRewriter() {
    }

    /**
     * The source with the given constants set.
     *
     * @param phpSource the content of {@code wp-config.php}
     * @param newValues constant name (e.g. {@code DB_PASSWORD}) to its new value
     * @throws ConfigurationError when a constant is not defined, or its value is not a plain string
     *                            literal (a {@code getenv()}, a variable, a concatenation)
     */
    public static String rewrite(String phpSource, Map<String, String> newValues) {
        List<Token> tokens = PhpLexer.tokens(phpSource);
        Map<String, Integer> defines = WpConfigParser.defineValues(tokens);
        List<Edit> edits = new ArrayList<>();
        newValues.forEach((constant, value) -> {
            int index = valueIndex(defines, tokens, constant);
            int start = offset(phpSource, tokens, index);
            String literal = singleQuoted(Objects.requireNonNull(value, () -> "the new value of " + constant));
            edits.add(new Edit(start, start + literal(tokens.get(index)).length(), literal));
        });
        // from the end, so that the offsets of the edits still to do stay right
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(phpSource);
        edits.forEach(edit -> out.replace(edit.start(), edit.end(), edit.literal()));
        return out.toString();
    }

    /** How a constant is defined in a wp-config.php. */
    public enum Definition {
        /** {@code define('X', 'a literal')}: {@link #rewrite} can set it. */
        LITERAL,
        /** defined by an expression PHP computes ({@code 'https://' . $_SERVER['HTTP_HOST']}): cannot be set. */
        COMPUTED,
        /** not defined (a define in a comment does not count) */
        UNDEFINED
    }

    /** How {@code constant} is defined in the source, as {@link #rewrite} would find it. */
    public static Definition definition(String phpSource, String constant) {
        List<Token> tokens = PhpLexer.tokens(phpSource);
        Integer index = WpConfigParser.defineValues(tokens).get(constant);
        if (index == null) {
            return Definition.UNDEFINED;
        }
        return isLiteral(tokens, index) ? Definition.LITERAL : Definition.COMPUTED;
    }

    private static boolean isLiteral(List<Token> tokens, int index) {
        Token value = tokens.get(index);
        Token after = index + 1 < tokens.size() ? tokens.get(index + 1) : null;
        return value.kind() == Kind.STRING && value.quote() != '`'
                && after != null && (after.is(Kind.SYMBOL, ")") || after.is(Kind.SYMBOL, ","));
    }

    /** Source chars {@code [start, end)} become {@code literal}. */
    private record Edit(int start, int end, String literal) {
    }

    /** A PHP single-quoted literal: only {@code \} and {@code '} need a backslash. */
    static String singleQuoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static int valueIndex(Map<String, Integer> defines, List<Token> tokens, String constant) {
        Integer index = defines.get(constant);
        if (index == null) {
            throw new ConfigurationError(FILE + ": " + constant + " is not defined; cannot set it");
        }
        if (!isLiteral(tokens, index)) {
            throw new ConfigurationError(FILE + ": " + constant
                    + " is not a plain string literal (PHP would compute it); cannot set it");
        }
        return index;
    }

    /**
     * Where token {@code index} (a string literal) starts in the source. The lexer keeps no
     * offsets, so each place where the literal's text occurs is checked by lexing the source up to
     * it and through it: only at the real one do both give exactly the tokens before it, then it
     * (elsewhere, in a comment or another string, the lexer would see something else).
     */
    private static int offset(String source, List<Token> tokens, int index) {
        String literal = literal(tokens.get(index));
        for (int at = source.indexOf(literal); at >= 0; at = source.indexOf(literal, at + 1)) {
            if (PhpLexer.tokens(source.substring(0, at)).equals(tokens.subList(0, index))
                    && PhpLexer.tokens(source.substring(0, at + literal.length()))
                            .equals(tokens.subList(0, index + 1))) {
                return at;
            }
        }
        throw new IllegalStateException("the lexer's token " + index + " is not found in the source");
    }

    private static String literal(Token string) {
        return string.quote() + string.text() + string.quote();
    }
}
