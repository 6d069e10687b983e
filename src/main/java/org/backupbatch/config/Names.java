package org.backupbatch.config;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import org.backupbatch.errors.ConfigurationError;

/**
 * Name rules shared by sites, restore targets and templates, and "did you mean" suggestions. A
 * name becomes a file name ({@code jobs/<site>.yaml}, the lock, the repository, the backup
 * folder), so it is checked before any path is built from it.
 */
public final class Names {

    /** Site, provider and app type names: safe as file names, no path tricks, at most 64 characters. */
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The rule, as a message says it. */
    public static final String RULE = "use 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit";

    private static final int MAX_DISTANCE = 2;

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Refuses a name that breaks the rule.
     *
     * @param what what the name names, e.g. "site name" or "target= site name"
     * @throws ConfigurationError naming the value (quoted, escaped, shortened) and the rule
     */
    public static void check(String what, String name) {
        if (!isValid(name)) {
            String shown = Describe.quoted(name == null ? "" : name);
            throw new ConfigurationError("invalid " + what + " " + shown + ": " + RULE);
        }
    }

    /** The candidate within edit distance 2 of {@code typed} (ignoring case), or null. */
    static String closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : candidates) {
            int distance = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
