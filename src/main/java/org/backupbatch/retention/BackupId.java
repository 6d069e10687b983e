package org.backupbatch.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** A backup's id: its start time in UTC as {@code yyyyMMdd'T'HHmmss'Z'}; ids sort as times do. */
public record BackupId(String value, Instant time) {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                    .withResolverStyle(ResolverStyle.STRICT);

    public static BackupId of(Instant time) {
        Instant t = time.truncatedTo(ChronoUnit.SECONDS);
        return new BackupId(FORMAT.format(t), t);
    }

    public static Optional<BackupId> parse(String value) {
        try {
            return Optional.of(new BackupId(value, Instant.from(FORMAT.parse(value))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
