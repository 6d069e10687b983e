package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Short descriptions of YAML values for "expected ..., got ..." messages. */
final class Describe {

    private static final int MAX_SHOWN = 60;

    private Describe() {
    }

    /**
     * Describes a value; a secret value is described by its kind only.
     *
     * @param secret true for a value that must never be shown (a password)
     */
    static String node(JsonNode node, boolean secret) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (secret) {
            return node.isTextual() ? "a string" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (node.isTextual()) {
            return quoted(node.textValue());
        }
        return node.asText();
    }

    /** A string in double quotes, JSON-escaped, shortened when long. */
    static String quoted(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return new TextNode(shown).toString();
    }
}
