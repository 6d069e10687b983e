package org.backupbatch.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites a mysqldump as it streams, for loading on another account or site: every
 * {@code DEFINER=user@host} of a view, trigger, routine or event becomes
 * {@code DEFINER=CURRENT_USER} (a shared host gives no SUPER privilege, and a dump naming
 * another definer fails to load), and site URLs are replaced in the string values of INSERT
 * statements the way WP-CLI's {@code search-replace} does, PHP-serialized values included (see
 * {@code SerializedReplacer}). Each rewrite is optional; with neither, the output is the input.
 *
 * <p>Bytes not involved are copied as they are: the dump is read as bytes (ISO-8859-1), a value
 * is re-escaped (as mysqldump escapes) only when it changed. Memory stays flat: one string value
 * at a time is held, hex blobs stream through. URLs are matched exactly, as WP-CLI matches them,
 * each in its plain form and in its JSON-escaped one ({@code https:\/\/…}, as page builders store
 * it); another scheme is not replaced, and a scheme-less {@code //blog.example.org} covers both
 * http and https. Where several URLs match at one place, the longest wins (see
 * {@code Replacements}). Strings under a {@code _binary}, {@code X'…'} or {@code B'…'} introducer
 * are binary data and left alone, as are string literals in DDL (defaults, comments, trigger and
 * routine bodies). The server is assumed to read backslash escapes (mysqldump's output never sets
 * NO_BACKSLASH_ESCAPES).
 */
public final class DumpRewriter {

    private final boolean definers;
    private final Replacements urls;

    private DumpRewriter(boolean definers, Replacements urls) {
        this.definers = definers;
        this.urls = urls;
    }

    /** A rewriter that changes nothing yet; add rewrites with the {@code with…} methods. */
    public static DumpRewriter copying() {
        return new DumpRewriter(false, Replacements.NONE);
    }

    /** This rewriter, also turning every DEFINER of a CREATE or ALTER statement into CURRENT_USER. */
    public DumpRewriter withDefinersAsCurrentUser() {
        return new DumpRewriter(true, urls);
    }

    /**
     * This rewriter, also replacing {@code from} by {@code to} in the values of INSERT statements,
     * plain and JSON-escaped. Call it once per URL to map, e.g. for WordPress in its own folder
     * both {@code siteurl} ({@code https://ex.org/wp}) and {@code home} ({@code https://ex.org}):
     * the order does not matter, as at each place the longest matching URL wins. The same mapping
     * twice, or a URL mapped to itself, is harmless (the latter keeps a shorter URL from matching
     * inside it).
     *
     * @param from the old URL, e.g. {@code https://blog.example.org}; matched exactly, non-empty
     * @param to   the new URL, e.g. {@code https://staging.example.org}
     * @throws IllegalArgumentException when {@code from} is empty or already mapped to another URL
     */
    public DumpRewriter withUrlReplaced(String from, String to) {
        if (Objects.requireNonNull(from, "from").isEmpty()) {
            throw new IllegalArgumentException("the URL to replace is empty");
        }
        return new DumpRewriter(definers, urls.with(bytes(from), bytes(Objects.requireNonNull(to, "to"))));
    }

    /**
     * What one rewrite changed.
     *
     * @param definersRewritten DEFINER clauses turned into CURRENT_USER
     * @param valuesChanged     string values in which some URL was replaced (a value counts once,
     *                          however many URLs it held)
     * @param replacements      URL occurrences replaced, by form: {@code plain} and {@code json}
     *                          (JSON-escaped), both always present; an occurrence inside a
     *                          serialized value counts once, however deep; one of a URL mapped
     *                          to itself does not count
     */
    public record Result(long definersRewritten, long valuesChanged, Map<String, Long> replacements) {

        public Result {
            replacements = Collections.unmodifiableMap(new LinkedHashMap<>(replacements));
        }
    }

    /**
     * Reads the dump to its end and writes the rewritten dump. Neither stream is closed; the output
     * is flushed.
     */
    public Result rewrite(InputStream dump, OutputStream rewritten) throws IOException {
        DumpIo.Input in = new DumpIo.Input(dump, DumpRewriting.LOOKAHEAD + 16);
        DumpIo.Output out = new DumpIo.Output(rewritten);
        ValueReplacer values = urls.changeSomething() ? new ValueReplacer(urls) : null;
        DumpRewriting pass = new DumpRewriting(in, out, definers, values);
        pass.run();
        out.flush();
        Replacements.Tally tally = values != null ? values.tally : new Replacements.Tally();
        return new Result(pass.definersRewritten(), pass.valuesChanged(), tally.byKey());
    }

    /** The UTF-8 bytes of a text, one ISO-8859-1 char per byte, as the dump is read. */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Replaces the URLs in the raw content of one SQL string literal, counting replacements. */
    static final class ValueReplacer {

        private final SerializedReplacer replacer;
        private final Replacements.Tally tally = new Replacements.Tally();

        ValueReplacer(Replacements urls) {
            this.replacer = new SerializedReplacer(urls);
        }

        /** The new raw content (escaped as mysqldump does), or null when the value does not change. */
        String replace(String raw) {
            String value = MysqlStrings.unescape(raw);
            String replaced = replacer.replace(value, tally);
            return replaced.equals(value) ? null : MysqlStrings.escape(replaced);
        }
    }
}
