package org.backupbatch.remote;

import java.util.Locale;

/** Byte counts for people: {@code 1.2GB}, {@code 48MB}, {@code 512B} (powers of 1024). */
public final class Sizes {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private Sizes() {
    }

    public static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value >= 10) {
            return Math.round(value) + UNITS[unit];
        }
        return String.format(Locale.ROOT, "%.1f%s", value, UNITS[unit]);
    }
}
