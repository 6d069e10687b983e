package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;

/**
 * Typed reads of the merged tree by dotted path, each failure a {@link ConfigurationError} naming
 * the file that gave the value, the field and why.
 */
final class Fields {

    private final MergedTree merged;
    private final Path home;
    private final Path userHome;

    /**
     * @param home     the home folder, absolute: relative paths resolve against it
     * @param userHome what {@code ~} stands for
     */
    Fields(MergedTree merged, Path home, Path userHome) {
        this.merged = merged;
        this.home = home;
        this.userHome = userHome;
    }

    ConfigurationError error(String path, String reason) {
        return error(path, path, reason);
    }

    /** An error about {@code shown} (an item of the list at {@code path}), blaming the file that gave the list. */
    ConfigurationError error(String path, String shown, String reason) {
        return new ConfigurationError(merged.origin(path) + ": " + shown + ": " + reason);
    }

    /** The node at a path as merged (placeholders resolved), or null; for lists of mappings read item by item. */
    JsonNode node(String path) {
        return merged.at(path);
    }

    /** Whether the value {@code shown} (e.g. {@code copies[0].bucket}) was opened from {@code ENC(…)}. */
    boolean isSealed(String shown) {
        return merged.isSealed(shown);
    }

    /** A path written in an item of the list at {@code path}, resolved as {@link #path(String)}. */
    Path path(String path, String shown, String value) {
        return resolve(path, shown, value);
    }

    /** A path to an existing regular file, written in an item of the list at {@code path}. */
    Path existingFile(String path, String shown, String value) {
        return existingFile(path, shown, resolve(path, shown, value));
    }

    boolean isSet(String path) {
        return merged.at(path) != null;
    }

    /** A string value, or null when not set; numbers and booleans are refused, not converted. */
    String text(String path) {
        return textOf(plain(path), path);
    }

    /** A non-blank string value. */
    String requiredText(String path, String when) {
        String value = text(path);
        if (value == null || value.isBlank()) {
            throw error(path, "required" + (when.isEmpty() ? "" : " " + when) + " but not set");
        }
        return value;
    }

    /** A secret value, or null when not set; the one kind of field that may be sealed ({@code ENC(…)}). */
    Secret secret(String path) {
        String value = textOf(merged.at(path), path);
        return value == null ? null : Secret.of(value);
    }

    private String textOf(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(path, "expected a string, got " + Describe.node(node, Secret.isSecretField(path))
                    + hintQuotes(node));
        }
        return node.textValue();
    }

    /**
     * The node at a path that is not a secret, or null when not set. An opened {@code ENC(…)}
     * value is refused here: it would travel as plain text into logs and summaries.
     */
    private JsonNode plain(String path) {
        if (merged.isSealed(path)) {
            throw error(path, "a sealed ENC(…) value is only for secret fields such as database.password; "
                    + "write this value in clear");
        }
        return merged.at(path);
    }

    /**
     * A mapping of names to secret values ({@code notify.webhook.headers}); empty when not set.
     * Names are taken as written (a dot in one is no path).
     */
    Map<String, Secret> secretMap(String path) {
        JsonNode node = merged.at(path);
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw error(path, "expected a mapping of names to values, got " + Describe.node(node, true));
        }
        Map<String, Secret> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw error(path, entry.getKey() + ": expected a string, got " + Describe.node(entry.getValue(), true));
            }
            values.put(entry.getKey(), Secret.of(entry.getValue().textValue()));
        }
        return values;
    }

    /** An integer within {@code min..max}, inclusive; required (the defaults give one). */
    int integer(String path, int min, int max) {
        JsonNode node = plain(path);
        if (node == null) {
            throw error(path, "required but not set");
        }
        boolean digits = node.isTextual() && node.textValue().strip().matches("-?\\d{1,18}");
        if (!node.isIntegralNumber() && !digits) {
            throw error(path, "expected an integer, got " + Describe.node(node, false));
        }
        long value = digits ? Long.parseLong(node.textValue().strip())
                : node.canConvertToLong() ? node.longValue() : Long.MAX_VALUE;
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw error(path, node.asText().strip() + " is out of range; expected an integer " + range);
        }
        return (int) value;
    }

    /** A boolean, or null when not set. */
    Boolean bool(String path) {
        JsonNode node = plain(path);
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            return Boolean.valueOf(node.textValue());
        }
        throw error(path, "expected true or false, got " + Describe.node(node, false));
    }

    /** A list of non-empty strings; empty when not set. */
    List<String> strings(String path) {
        JsonNode node = plain(path);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path, "expected a list of strings, got " + Describe.node(node, false));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw new ConfigurationError(merged.origin(path) + ": " + path + "[" + i
                        + "]: expected a non-empty string, got " + Describe.node(item, false) + hintQuotes(item));
            }
            values.add(item.textValue());
        }
        return values;
    }

    /**
     * A path: {@code ~} and {@code ~/...} stand for the user's home, relative paths resolve
     * against the home folder; null when not set.
     */
    Path path(String path) {
        String value = text(path);
        return value == null ? null : resolve(path, path, value);
    }

    /** A list of paths to existing regular files, resolved as {@link #path}; empty when not set. */
    List<Path> existingFiles(String path) {
        List<String> values = strings(path);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String shown = path + "[" + i + "]";
            files.add(existingFile(path, shown, resolve(path, shown, values.get(i))));
        }
        return files;
    }

    /** @param shown the field as messages name it ({@code path}, or {@code path[i]} for a list item) */
    private Path resolve(String path, String shown, String value) {
        if (value.isBlank()) {
            throw error(path, shown, "expected a path, got an empty string");
        }
        if (value.startsWith("~") && !value.equals("~") && !value.startsWith("~/")) {
            throw error(path, shown, "'" + value + "': only ~ and ~/ are expanded; write the full path");
        }
        try {
            Path raw = value.equals("~") ? userHome
                    : value.startsWith("~/") ? userHome.resolve(value.substring(2))
                    : Path.of(value);
            return home.resolve(raw).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw error(path, shown, "'" + value + "' is not a valid path: " + e.getReason());
        }
    }

    /** A required path to an existing regular file. */
    Path existingFile(String path, String when) {
        requiredText(path, when);
        return existingFile(path, path, path(path));
    }

    private Path existingFile(String path, String shown, Path file) {
        if (!java.nio.file.Files.exists(file)) {
            throw error(path, shown, file + " does not exist");
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw error(path, shown, file + " is not a regular file");
        }
        return file;
    }

    private static String hintQuotes(JsonNode node) {
        return node.isNumber() || node.isBoolean() ? " (put the value in quotes to make it a string)" : "";
    }
}
