package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.backupbatch.errors.ConfigurationError;

/**
 * Replaces {@code ${VAR}} placeholders in every string value with the variable's value ({@code
 * $${} gives a literal {@code ${}), and opens {@code ENC(…)} values with the {@link MasterKey},
 * read only when a file holds one. Opened values are marked in the tree: only a secret field may
 * take them, so they leave the configuration as a {@link Secret}. An error about a secret field
 * ({@link Secret#isSecretField}) names the field and the variable, never the value's text.
 */
final class Placeholders {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;
    private final MergedTree merged;
    private final Path home;
    private final boolean forDisplay;
    private MasterKey key;

    private Placeholders(Map<String, String> env, MergedTree merged, Path home, boolean forDisplay) {
        this.env = env;
        this.merged = merged;
        this.home = home;
        this.forDisplay = forDisplay;
    }

    /**
     * Resolves every string of the merged tree in place.
     *
     * @param home the home folder, whose {@code .backup-batch/master.key} opens sealed values
     */
    static void resolve(MergedTree merged, Map<String, String> env, Path home) {
        new Placeholders(env, merged, home, false).walk(merged.tree(), "", "");
    }

    /**
     * As {@link #resolve}, for showing the configuration ({@code job=config}): {@code ENC(…)}
     * values stay sealed (no master key is read) and a variable that is not set stays as written;
     * both are still recorded in {@code merged}, so the display can say so.
     */
    static void resolveForDisplay(MergedTree merged, Map<String, String> env) {
        new Placeholders(env, merged, null, true).walk(merged.tree(), "", "");
    }

    private void walk(ContainerNode<?> container, String originPath, String shownPrefix) {
        List<String> keys = new ArrayList<>();
        if (container instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(keys::add);
        }
        int size = container.isArray() ? container.size() : keys.size();
        for (int i = 0; i < size; i++) {
            String key = container.isArray() ? null : keys.get(i);
            JsonNode child = key == null ? container.get(i) : container.get(key);
            String childOrigin = key == null ? originPath : join(originPath, key);
            String shown = key == null ? shownPrefix + "[" + i + "]" : join(shownPrefix, key);
            if (child instanceof ContainerNode<?> nested) {
                walk(nested, childOrigin, shown);
            } else if (child.isTextual()) {
                TextNode resolved = new TextNode(resolveText(child.textValue(), childOrigin, shown));
                if (key == null) {
                    ((ArrayNode) container).set(i, resolved);
                } else {
                    ((ObjectNode) container).set(key, resolved);
                }
            }
        }
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private String resolveText(String text, String originPath, String shown) {
        if (SealedValue.isSealed(text)) {
            merged.markSealed(originPath);
            merged.markSealed(shown); // a list item's own field (copies[0].secret_key), for its binder
            return forDisplay ? text : open(text, originPath, shown);
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw error(originPath, shown, "unclosed ${ placeholder; write $${ for a literal ${");
                }
                out.append(lookup(text.substring(i + 2, end), originPath, shown));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String open(String text, String originPath, String shown) {
        try {
            if (key == null) {
                key = MasterKey.forOpening(home, env);
            }
            return SealedValue.open(text, key);
        } catch (ConfigurationError e) {
            throw error(originPath, shown, "cannot open the sealed value: " + e.getMessage());
        } catch (SealedValue.CannotOpen e) {
            throw error(originPath, shown, "the sealed value does not open with the master key from " + key.source()
                    + ": " + e.getMessage());
        }
    }

    private String lookup(String name, String originPath, String shown) {
        if (!VARIABLE_NAME.matcher(name).matches()) {
            // the text between ${ and } may be the secret itself, typed where a name was meant
            String placeholder = Secret.isSecretField(shown) ? "(not shown: the field holds a secret)"
                    : "${" + name + "}";
            throw error(originPath, shown, "invalid placeholder " + placeholder
                    + ": a variable name is letters, digits and _");
        }
        merged.markVariable(originPath, name);
        if (!shown.equals(originPath)) {
            merged.markVariable(shown, name); // a list item's own field (copies[0].secret_key), for job=config
        }
        String value = env.get(name);
        if (value == null && forDisplay) {
            return "${" + name + "}";
        }
        if (value == null) {
            throw error(originPath, shown, "environment variable " + name + " is not set (used as ${" + name + "})");
        }
        return value;
    }

    private ConfigurationError error(String originPath, String shown, String reason) {
        return new ConfigurationError(merged.origin(originPath) + ": " + shown + ": " + reason);
    }
}
