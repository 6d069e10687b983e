package org.backupbatch.it;

/**
 * How a user writes any text as a value of a site file, the rule the README gives: a YAML
 * double-quoted scalar ({@code \\} and {@code \"} escaped, every character that is not printable
 * ASCII as {@code \}{@code uXXXX} or {@code \}{@code UXXXXXXXX}), and {@code ${} written
 * {@code $${} so that it is not taken for a placeholder.
 */
final class YamlQuote {

    private YamlQuote() {
    }

    static String quoted(String value) {
        String literal = value.replace("${", "$${");
        StringBuilder out = new StringBuilder("\"");
        literal.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else if (c <= 0xffff) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.append(String.format("\\U%08X", c));
            }
        });
        return out.append('"').toString();
    }

    /** A YAML flow list of quoted values. */
    static String list(java.util.List<String> values) {
        return "[" + String.join(", ", values.stream().map(YamlQuote::quoted).toList()) + "]";
    }
}
