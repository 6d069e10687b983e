package org.backupbatch.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Rewrites a mysqldump as it streams, for loading on another account or site: every
 * {@code DEFINER=user@host} of a view, trigger, routine or event becomes
 * {@code DEFINER=CURRENT_USER} (a shared host gives no SUPER privilege, and a dump naming
 * another definer fails to load), and a site URL is replaced in the string values of INSERT
 * statements the way WP-CLI's {@code search-replace} does, PHP-serialized values included (see
 * {@code SerializedReplacer}). Each rewrite is optional; with neither, the output is the input.
 *
 * <p>Bytes not involved are copied as they are: the dump is read as bytes (ISO-8859-1), a value
 * is re-escaped (as mysqldump escapes) only when it changed. Memory stays flat: one string value
 * at a time is held, hex blobs stream through. The URL is matched exactly, as WP-CLI matches it:
 * a JSON-escaped form ({@code https:\/\/…}) or another scheme is not replaced; a scheme-less
 * {@code //blog.example.org} covers both http and https. Strings under a
 * {@code _binary}, {@code X'…'} or {@code B'…'} introducer are binary data and left alone, as
 * are string literals in DDL (defaults, comments, trigger and routine bodies). The server is
 * assumed to read backslash escapes (mysqldump's output never sets NO_BACKSLASH_ESCAPES).
 */
public final class DumpRewriter {

    private final boolean definers;
    private final String urlFrom;
    private final String urlTo;

    private DumpRewriter(boolean definers, String urlFrom, String urlTo) {
        this.definers = definers;
        this.urlFrom = urlFrom;
        this.urlTo = urlTo;
    }

    /** A rewriter that changes nothing yet; add rewrites with the {@code with…} methods. */
    public static DumpRewriter copying() {
        return new DumpRewriter(false, null, null);
    }

    /** This rewriter, also turning every DEFINER of a CREATE or ALTER statement into CURRENT_USER. */
    public DumpRewriter withDefinersAsCurrentUser() {
        return new DumpRewriter(true, urlFrom, urlTo);
    }

    /**
     * This rewriter, also replacing {@code from} by {@code to} in the values of INSERT statements.
     *
     * @param from the old URL, e.g. {@code https://blog.example.org}; matched exactly, non-empty
     * @param to   the new URL, e.g. {@code https://staging.example.org}
     */
    public DumpRewriter withUrlReplaced(String from, String to) {
        if (Objects.requireNonNull(from, "from").isEmpty()) {
            throw new IllegalArgumentException("the URL to replace is empty");
        }
        return new DumpRewriter(definers, from, Objects.requireNonNull(to, "to"));
    }

    /**
     * What one rewrite changed.
     *
     * @param definersRewritten DEFINER clauses turned into CURRENT_USER
     * @param valuesChanged     string values in which the URL was replaced
     */
    public record Result(long definersRewritten, long valuesChanged) {
    }

    /**
     * Reads the dump to its end and writes the rewritten dump. Neither stream is closed; the output
     * is flushed.
     */
    public Result rewrite(InputStream dump, OutputStream rewritten) throws IOException {
        DumpIo.Input in = new DumpIo.Input(dump, DumpRewriting.LOOKAHEAD + 16);
        DumpIo.Output out = new DumpIo.Output(rewritten);
        DumpRewriting pass = new DumpRewriting(in, out, definers, urlFrom == null ? null : new ValueReplacer(
                bytes(urlFrom), bytes(urlTo)));
        pass.run();
        out.flush();
        return new Result(pass.definersRewritten(), pass.valuesChanged());
    }

    /** The UTF-8 bytes of a text, one ISO-8859-1 char per byte, as the dump is read. */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Replaces the URL in the raw content of one SQL string literal. */
    static final class ValueReplacer {

        private final String from;
        private final SerializedReplacer replacer;

        ValueReplacer(String from, String to) {
            this.from = from;
            this.replacer = new SerializedReplacer(from, to);
        }

        /** The new raw content (escaped as mysqldump does), or null when the value does not change. */
        String replace(String raw) {
            String value = MysqlStrings.unescape(raw);
            if (!value.contains(from)) {
                return null;
            }
            String replaced = replacer.replace(value);
            return replaced.equals(value) ? null : MysqlStrings.escape(replaced);
        }
    }
}
