package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code providers/README.md}'s key reference is written by hand for its explanations; this test
 * keeps its keys and defaults equal to the schema and to {@code defaults.yaml}, so the two cannot
 * drift.
 */
class ProvidersReadmeTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_.]+)` \\| ([^|]+) \\|");

    @Test
    void theKeyReferenceNamesEveryKeyOfTheSchemaAndNoOther() throws IOException {
        assertThat(readmeRows().keySet()).containsExactlyElementsOf(schemaKeys());
    }

    @Test
    void theKeyReferenceShowsTheDefaultsOfDefaultsYaml() throws IOException {
        // given
        JsonNode defaults = Layer.readResource(SiteConfigLoader.DEFAULTS).tree();

        // then
        readmeRows().forEach((key, shown) ->
                assertThat(shown).as(key).isEqualTo(rendered(defaults.at("/" + key.replace('.', '/')))));
    }

    /** Every key a layer may hold, a mapping's keys in place of the mapping, in schema order. */
    private static List<String> schemaKeys() {
        List<String> keys = new ArrayList<>();
        Schema.SECTIONS.forEach((section, names) -> names.forEach(name -> {
            String key = section + "." + name;
            List<String> nested = Schema.NESTED.get(key);
            if (nested == null) {
                keys.add(key);
            } else {
                nested.forEach(inner -> keys.add(key + "." + inner));
            }
        }));
        return keys;
    }

    private static Map<String, String> readmeRows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(ShippedTemplatesTest.PROVIDERS.resolve("README.md"));
        for (String line : lines.subList(lines.indexOf("## Key reference"), lines.size())) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(1), row.group(2).strip());
            }
        }
        return rows;
    }

    private static String rendered(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "—";
        }
        if (value.isArray()) {
            return "`[" + String.join(", ", StreamSupport.stream(value.spliterator(), false)
                    .map(JsonNode::asText).toList()) + "]`";
        }
        return "`" + value.asText() + "`";
    }
}
