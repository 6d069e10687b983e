package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layers merged in order, later over earlier: mappings merge key by key, lists and scalars
 * from a later layer replace the earlier value, and an empty value ({@code key:} or {@code ~})
 * changes nothing. Remembers which layer gave each value as it merges, so a message about a value
 * names the file to fix and {@code job=config} can say where each value came from; {@link
 * Placeholders} adds the variables a value took from the environment.
 */
final class MergedTree {

    private final ObjectNode tree = JsonNodeFactory.instance.objectNode();
    private final Map<String, Layer> origins = new HashMap<>();
    private final Set<String> sealed = new HashSet<>();
    private final Map<String, Set<String>> variables = new HashMap<>();
    private final String siteFile;

    private MergedTree(String siteFile) {
        this.siteFile = siteFile;
    }

    /**
     * @param layers   lowest first; the last one is the site file
     * @param siteFile the site file's name, blamed for values nobody gave
     */
    static MergedTree of(List<Layer> layers, String siteFile) {
        MergedTree merged = new MergedTree(siteFile);
        for (Layer layer : layers) {
            merged.mergeInto(merged.tree, layer.tree(), "", layer);
        }
        return merged;
    }

    ObjectNode tree() {
        return tree;
    }

    /** The file that gave the value at a dotted path, or the site file when none did. */
    String origin(String path) {
        Layer layer = origins.get(path);
        return layer == null ? siteFile : layer.file();
    }

    /** The layer that gave the value at a dotted path, or null when none did ({@code site.name}). */
    Layer layerOf(String path) {
        return origins.get(path);
    }

    String siteFile() {
        return siteFile;
    }

    /** Marks the value at a dotted path (a list's path for its items) as opened from {@code ENC(…)}. */
    void markSealed(String path) {
        sealed.add(path);
    }

    /** Whether the value at a dotted path, or an item of it, was opened from {@code ENC(…)}. */
    boolean isSealed(String path) {
        return sealed.contains(path);
    }

    /** Records that the value at a dotted path (a list's path for its items) uses {@code ${name}}. */
    void markVariable(String path, String name) {
        variables.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(name);
    }

    /** The environment variables the value at a dotted path uses, in order of first use. */
    Set<String> variables(String path) {
        return variables.getOrDefault(path, Set.of());
    }

    /** The node at a dotted path, or null when absent or empty. */
    JsonNode at(String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            node = node.get(part);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }

    private void mergeInto(ObjectNode target, ObjectNode source, String prefix, Layer layer) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode value = field.getValue();
            String path = prefix + field.getKey();
            if (value.isNull()) {
                continue;
            }
            JsonNode existing = target.get(field.getKey());
            if (value.isObject() && existing != null && existing.isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) value, path + ".", layer);
            } else {
                origins.keySet().removeIf(known -> known.startsWith(path + "."));
                target.set(field.getKey(), value.deepCopy());
                recordOrigin(path, value, layer);
            }
        }
    }

    private void recordOrigin(String path, JsonNode value, Layer layer) {
        origins.put(path, layer);
        if (value.isObject()) {
            value.fieldNames().forEachRemaining(key -> recordOrigin(path + "." + key, value.get(key), layer));
        }
    }
}
