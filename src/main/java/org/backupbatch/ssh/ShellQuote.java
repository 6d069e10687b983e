package org.backupbatch.ssh;

import java.util.Collection;
import java.util.stream.Collectors;

/** POSIX shell quoting: a quoted value is always data, never code, whatever it holds. */
public final class ShellQuote {

    private ShellQuote() {
    }

    /** Wraps the value in single quotes; a single quote inside becomes {@code '\''}. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Quotes each value and joins them with spaces. */
    public static String quoteAll(Collection<String> values) {
        return values.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
