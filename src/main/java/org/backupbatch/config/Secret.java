package org.backupbatch.config;

import java.util.Objects;

/**
 * A password or other secret value: {@link #toString()} always masks it, so a record holding one
 * can be logged safely. Only {@link #reveal()} gives the value, for the one place that needs it.
 */
public final class Secret {

    private static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value; never null (use a null {@code Secret} reference for "no secret"). */
    public static Secret of(String value) {
        return new Secret(value);
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
