package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A site's configuration as its layers made it, for {@code job=config}: every value that is set,
 * in schema order, with where it came from — the built-in defaults, the provider, the app
 * template, the site file, or the environment through a {@code ${VAR}} placeholder. It reads the
 * provenance that {@link MergedTree} recorded while merging; nothing here merges again.
 *
 * <p>Secrets are masked here, before any caller sees a value: a secret field ({@link
 * Secret#isSecretField}), a sealed {@code ENC(…)} value and any text holding a secret this process
 * knows all read {@link Secret#HIDDEN}.
 *
 * @param site    the site's name
 * @param layers  the layers, lowest first, as the sources below name them
 * @param entries the values that are set, in schema order
 */
public record EffectiveConfig(String site, List<String> layers, List<Entry> entries) {

    /**
     * One value of the configuration.
     *
     * @param key    its dotted path, e.g. {@code ssh.port}
     * @param value  the value as shown (masked when secret); null for a list
     * @param items  a list's items as shown; null for a single value
     * @param source where it came from, e.g. {@code provider shared-hosting} or {@code environment
     *               ${DB_PASSWORD} via site file}
     */
    public record Entry(String key, String value, List<String> items, String source) {

        public boolean isList() {
            return items != null;
        }
    }

    /** The entry of a key, or null when the key is not set. */
    public Entry entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * @param merged the merged tree, placeholders resolved by {@link Placeholders#resolveForDisplay}
     * @param labels each layer's name as a source ({@code default}, {@code provider acme}, …)
     * @param env    the environment, to tell a variable that is not set
     */
    static EffectiveConfig of(String site, MergedTree merged, Map<Layer, String> labels, Map<String, String> env) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<String>> section : Schema.SECTIONS.entrySet()) {
            for (String key : section.getValue()) {
                String path = section.getKey() + "." + key;
                List<String> nested = Schema.NESTED.get(path);
                for (String leaf : nested == null ? List.of(path) : nested.stream().map(k -> path + "." + k).toList()) {
                    JsonNode node = merged.at(leaf);
                    if (node != null) {
                        entries.add(entry(leaf, node, merged, labels, env));
                    }
                }
            }
        }
        copies(merged, labels, env, entries);
        return new EffectiveConfig(site, List.copyOf(labels.values()), List.copyOf(entries));
    }

    /** {@code copies[i].key} entries, in schema order; credentials hidden, the access key too. */
    private static void copies(MergedTree merged, Map<Layer, String> labels, Map<String, String> env,
                               List<Entry> entries) {
        JsonNode copies = merged.at(Schema.COPIES);
        if (copies == null || !copies.isArray()) {
            return;
        }
        Layer layer = merged.layerOf(Schema.COPIES);
        String from = layer == null ? "file name " + merged.siteFile() : labels.get(layer);
        for (int i = 0; i < copies.size(); i++) {
            for (String key : Schema.COPY_KEYS) {
                JsonNode node = copies.get(i).get(key);
                String path = Schema.COPIES + "[" + i + "]." + key;
                if (node != null && node.isObject()) {
                    for (String nested : Schema.COPY_RETENTION_KEYS) {
                        if (node.get(nested) != null && !node.get(nested).isNull()) {
                            entries.add(copyEntry(path + "." + nested, node.get(nested), merged, from, env));
                        }
                    }
                } else if (node != null && !node.isNull()) {
                    entries.add(copyEntry(path, node, merged, from, env));
                }
            }
        }
    }

    private static Entry copyEntry(String path, JsonNode node, MergedTree merged, String from,
                                   Map<String, String> env) {
        boolean hidden = path.endsWith(".access_key") || merged.isSealed(path);
        String value = hidden ? Secret.HIDDEN : shown(path, node, merged);
        Set<String> variables = merged.variables(path);
        String source = variables.isEmpty() ? from : "environment " + variables.stream()
                .map(name -> "${" + name + "}" + (env.containsKey(name) ? "" : " (not set)"))
                .collect(Collectors.joining(", ")) + " via " + from;
        return new Entry(path, value, null, merged.isSealed(path) ? source + " (sealed ENC value)" : source);
    }

    private static Entry entry(String path, JsonNode node, MergedTree merged, Map<Layer, String> labels,
                               Map<String, String> env) {
        String source = source(path, merged, labels, env);
        if (!node.isArray()) {
            return new Entry(path, shown(path, node, merged), null, source);
        }
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(shown(path, item, merged)));
        return new Entry(path, null, List.copyOf(items), source);
    }

    private static String shown(String path, JsonNode node, MergedTree merged) {
        if (Secret.isSecretField(path) || merged.isSealed(path)) {
            return Secret.HIDDEN;
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        if (SealedValue.isSealed(text)) {
            return Secret.HIDDEN;
        }
        // one value, one line: a newline in a value must not look like another key
        return text.isEmpty() ? "\"\"" : Secret.mask(text).replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String source(String path, MergedTree merged, Map<Layer, String> labels, Map<String, String> env) {
        Layer layer = merged.layerOf(path);
        String from = layer == null ? "file name " + merged.siteFile() : labels.get(layer);
        Set<String> variables = merged.variables(path);
        if (!variables.isEmpty()) {
            from = "environment " + variables.stream()
                    .map(name -> "${" + name + "}" + (env.containsKey(name) ? "" : " (not set)"))
                    .collect(Collectors.joining(", ")) + " via " + from;
        }
        return merged.isSealed(path) ? from + " (sealed ENC value)" : from;
    }
}
