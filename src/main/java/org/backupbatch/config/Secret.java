package org.backupbatch.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A password or other secret value: {@link #toString()} always masks it, so a record holding one
 * can be logged safely. Only {@link #reveal()} gives the value, for the one place that needs it.
 *
 * <p>Every value wrapped here is also remembered for the life of the process, so that {@link
 * #mask(String)} can take it out of any text about to be shown (log lines, exception texts, the
 * summary line): a driver or a remote tool that echoes a password cannot leak it through us.
 */
public final class Secret {

    /** What a masked value reads as. */
    public static final String HIDDEN = "<hidden>";

    /**
     * Values shorter than this are not searched for in free text: masking every "ab" would garble
     * messages while protecting nothing a guess would not find.
     */
    static final int MIN_MASKED_LENGTH = 4;

    private static final String MASK = "******";
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value; never null (use a null {@code Secret} reference for "no secret"). */
    public static Secret of(String value) {
        remember(value);
        return new Secret(value);
    }

    /** Remembers a secret value met outside a {@code Secret} (a command word, a URL's password). */
    public static void remember(String value) {
        if (value != null && value.length() >= MIN_MASKED_LENGTH && KNOWN.add(value)) {
            longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /** The text with every remembered secret value replaced by {@link #HIDDEN}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : longestFirst) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, HIDDEN);
            }
        }
        return masked;
    }

    /**
     * Whether a configuration field holds a secret, by the last part of its dotted path: one that
     * contains {@code password}, {@code passphrase} or {@code secret} ({@code database.password},
     * {@code ssh.private_key_passphrase}). Such a value is never shown, not even in an error.
     */
    public static boolean isSecretField(String path) {
        String key = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return key.contains("password") || key.contains("passphrase") || key.contains("secret");
    }

    /** The clear value. Never log it, never put it on a command line. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && value.equals(secret.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
