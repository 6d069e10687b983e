package org.backupbatch.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backupbatch.config.Secret;

/**
 * How the words of a command may be shown again, in the resume command a cron log keeps: a word is
 * shown only when it is named as safe; any other ({@code spring.datasource.password=…}, a JDBC URL
 * with a password in it, a Spring property we do not know) reads {@code key=<hidden>}, and the hint
 * says which environment variable gives it instead (Spring reads {@code SPRING_DATASOURCE_PASSWORD}
 * for {@code spring.datasource.password}).
 */
final class ShownWords {

    /** Spring words a resume command carries as given (the URL only without credentials). */
    private static final Set<String> NAMED_SPRING = Set.of("spring.datasource.url", "spring.datasource.username");
    private static final String URL = "spring.datasource.url";
    private static final List<String> SECRET_PARTS = List.of("password", "passphrase", "secret", "token", "key");
    /** {@code //user:password@host} */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@?;\\s]*):([^/@?;\\s]*)@");
    /**
     * {@code ?password=…}, {@code &pwd=…}, {@code ;password=…}, MariaDB's {@code (password=…)}; the
     * value ends at a blank or a quote too, as a URL inside a message does; one already hidden is
     * left alone (texts are masked more than once on their way out).
     */
    private static final Pattern PASSWORD_OPTION = Pattern.compile(
            "(?i)(?:^|[?&;(,])\\s*(?:password|passwd|pwd)\\s*=\\s*((?!<hidden>)[^&;)\\s'\"]*)");

    private ShownWords() {
    }

    /** A key whose value is a secret: it contains password, passphrase, secret, token or key. */
    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_PARTS.stream().anyMatch(lower::contains);
    }

    /** Whether a JDBC URL carries a password (as {@code user:password@} or an option). */
    static boolean hasCredentials(String url) {
        return USER_INFO.matcher(url).find() || PASSWORD_OPTION.matcher(url).find();
    }

    /** The passwords a JDBC URL carries, as written and URL-decoded. */
    static List<String> passwordsIn(String url) {
        List<String> found = new ArrayList<>();
        Matcher user = USER_INFO.matcher(url);
        while (user.find()) {
            found.add(user.group(2));
        }
        Matcher option = PASSWORD_OPTION.matcher(url);
        while (option.find()) {
            found.add(option.group(1));
        }
        List<String> withDecoded = new ArrayList<>(found);
        for (String value : found) {
            try {
                withDecoded.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not URL-encoded: the value as written is all a driver can echo
            }
        }
        return withDecoded;
    }

    /**
     * A text as we may show it: every secret the process knows masked ({@link Secret#mask}), and
     * every password written into a URL too, however short.
     */
    static String masked(String text) {
        return text == null ? null : Secret.mask(maskUrl(text));
    }

    /** A JDBC URL (or a text holding one) with its passwords replaced by {@code <hidden>}, however short. */
    static String maskUrl(String url) {
        String masked = USER_INFO.matcher(url).replaceAll(m -> Matcher.quoteReplacement(
                "//" + m.group(1) + ":" + Secret.HIDDEN + "@"));
        Matcher option = PASSWORD_OPTION.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (option.find()) {
            String whole = option.group();
            String kept = whole.substring(0, option.start(1) - option.start());
            option.appendReplacement(out, Matcher.quoteReplacement(kept + Secret.HIDDEN));
        }
        option.appendTail(out);
        return out.toString();
    }

    /** Remembers the secret values of a word, for {@link Secret#mask}. */
    static void rememberSecrets(String key, String value) {
        if (key.equals(URL)) {
            passwordsIn(value).forEach(Secret::remember);
        } else if (isSecretKey(key)) {
            Secret.remember(value);
        }
    }

    /** Whether the word {@code key=value} may be shown as given. */
    static boolean isShown(String key, String value, boolean named) {
        if (key.startsWith("logging.level.")) {
            return true; // a level; a logger's name may well contain "key"
        }
        if (isSecretKey(key)) {
            return false;
        }
        if (key.equals(URL)) {
            return !hasCredentials(value);
        }
        return named || NAMED_SPRING.contains(key);
    }

    /** The word as a resume command shows it. */
    static String shown(String key, String value, boolean named) {
        return key + "=" + (isShown(key, value, named) ? value : Secret.HIDDEN);
    }

    /** The environment variable Spring reads for a property: {@code SPRING_DATASOURCE_PASSWORD}. */
    static String environmentName(String key) {
        return key.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** The hint beside a resume command that hides these keys, or null when it hides none. */
    static String hint(List<String> hiddenKeys) {
        if (hiddenKeys.isEmpty()) {
            return null;
        }
        List<String> variables = hiddenKeys.stream().map(ShownWords::environmentName).toList();
        boolean one = hiddenKeys.size() == 1;
        return "the resume command hides " + String.join(", ", hiddenKeys) + ": set " + String.join(", ", variables)
                + " in the environment and leave " + (one ? "that word" : "those words") + " out";
    }
}
