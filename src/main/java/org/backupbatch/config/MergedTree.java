package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layers merged in order, later over earlier: mappings merge key by key, lists and scalars
 * from a later layer replace the earlier value, and an empty value ({@code key:} or {@code ~})
 * changes nothing. Remembers which file gave each value, so a message about a value names the
 * file to fix.
 */
final class MergedTree {

    private final ObjectNode tree = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> origins = new HashMap<>();
    private final Set<String> sealed = new HashSet<>();
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
            merged.mergeInto(merged.tree, layer.tree(), "", layer.file());
        }
        return merged;
    }

    ObjectNode tree() {
        return tree;
    }

    /** The file that gave the value at a dotted path, or the site file when none did. */
    String origin(String path) {
        return origins.getOrDefault(path, siteFile);
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

    private void mergeInto(ObjectNode target, ObjectNode source, String prefix, String file) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode value = field.getValue();
            String path = prefix + field.getKey();
            if (value.isNull()) {
                continue;
            }
            JsonNode existing = target.get(field.getKey());
            if (value.isObject() && existing != null && existing.isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) value, path + ".", file);
            } else {
                origins.keySet().removeIf(known -> known.startsWith(path + "."));
                target.set(field.getKey(), value.deepCopy());
                recordOrigin(path, value, file);
            }
        }
    }

    private void recordOrigin(String path, JsonNode value, String file) {
        origins.put(path, file);
        if (value.isObject()) {
            value.fieldNames().forEachRemaining(key -> recordOrigin(path + "." + key, value.get(key), file));
        }
    }
}
