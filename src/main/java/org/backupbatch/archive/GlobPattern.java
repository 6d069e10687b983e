package org.backupbatch.archive;

import java.util.regex.Pattern;

/**
 * One include or exclude pattern, relative to the site's root folder.
 * <ul>
 * <li>{@code *} and {@code ?} stay within a folder name; {@code **} crosses folders, and
 * {@code **} alone means everything;</li>
 * <li>a pattern without {@code /} matches a name at any depth ({@code *.log});</li>
 * <li>a pattern with {@code /} is anchored at the root ({@code wp-content/cache/**}); a leading
 * {@code /} is allowed and changes nothing, a trailing one is ignored.</li>
 * </ul>
 * Paths are compared as bytes (ISO-8859-1 strings holding the raw bytes of the file names), so
 * names that are not valid UTF-8 still match; a non-ASCII character of a pattern is compared by
 * its UTF-8 bytes, and {@code ?} matches one byte.
 */
public final class GlobPattern {

    private final String text;
    private final boolean anchored;
    private final Pattern regex;

    private GlobPattern(String text, boolean anchored, Pattern regex) {
        this.text = text;
        this.anchored = anchored;
        this.regex = regex;
    }

    /** Compiles a pattern as written in the site configuration. */
    public static GlobPattern compile(String pattern) {
        String p = pattern.strip();
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        boolean anchored = p.contains("/");
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        String bytes = new String(p.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return new GlobPattern(pattern, anchored, Pattern.compile(toRegex(bytes), Pattern.DOTALL));
    }

    /**
     * Whether the pattern matches a path relative to the root, without {@code ./}, e.g.
     * {@code wp-content/cache/a.html}.
     */
    public boolean matches(String relativePath) {
        if (anchored) {
            return regex.matcher(relativePath).matches();
        }
        int slash = relativePath.lastIndexOf('/');
        return regex.matcher(relativePath.substring(slash + 1)).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                re.append(charClass(glob.substring(i + 1, end)));
                i = end + 1;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return re.toString();
    }

    /**
     * A set such as {@code [a-z_]}: chars escaped, ranges written out. A reversed range
     * ({@code [z-a]}) matches nothing, as with fnmatch, instead of failing the regex compiler.
     */
    private static String charClass(String body) {
        boolean negated = body.startsWith("!") || body.startsWith("^");
        String inner = negated ? body.substring(1) : body;
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char from = inner.charAt(i);
            if (i + 2 < inner.length() && inner.charAt(i + 1) == '-') {
                char to = inner.charAt(i + 2);
                if (from <= to) {
                    members.append(member(from)).append('-').append(member(to));
                }
                i += 2;
            } else {
                members.append(member(from));
            }
        }
        if (negated) {
            return "[^/" + members + "]";
        }
        return members.isEmpty() ? "(?!)" : "[" + members + "]";
    }

    /** One char of a set: letters and digits as they are ({@code \p} means something), others escaped. */
    private static String member(char ch) {
        return Character.isLetterOrDigit(ch) ? String.valueOf(ch) : "\\" + ch;
    }
}
