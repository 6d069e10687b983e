package org.backupbatch.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.backupbatch.errors.ConfigurationError;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One parsed YAML file of the layering, named as the user should see it in messages ({@code
 * jobs/blog.yaml}, {@code classpath:backup-batch/defaults.yaml}).
 */
record Layer(String file, ObjectNode tree) {

    // Plain empty values (`key:`) read as null, so they mean "not set"; quoted "" stays a string.
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** Reads a file of the home folder; {@code file} is its name for messages. */
    static Layer read(Path path, String file) {
        try (InputStream in = java.nio.file.Files.newInputStream(path)) {
            return parse(in, file);
        } catch (IOException e) {
            throw new ConfigurationError(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads a resource built into the jar. */
    static Layer readResource(String resource) {
        String file = "classpath:" + resource;
        try (InputStream in = Layer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in configuration missing: " + file);
            }
            return parse(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Layer parse(InputStream in, String file) throws IOException {
        try (JsonParser parser = YAML.getFactory().createParser(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
            JsonNode root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ConfigurationError(file + ": holds more than one YAML document (a second '---'); keep one");
            }
            if (root == null || root.isNull() || root.isMissingNode()) {
                return new Layer(file, JsonNodeFactory.instance.objectNode());
            }
            if (!root.isObject()) {
                throw new ConfigurationError(file + ": expected a mapping of sections ("
                        + String.join(", ", Schema.SECTIONS.keySet()) + "), got " + Describe.node(root, false));
            }
            return new Layer(file, (ObjectNode) root);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        }
    }

    private static ConfigurationError syntaxError(String file, JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String at = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
        String problem = e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null
                ? yaml.getProblem()
                : e.getOriginalMessage();
        String oneLine = problem.strip().replaceAll("\\s*\\R\\s*", " ");
        return new ConfigurationError(file + ": " + at + "invalid YAML: " + oneLine, e);
    }
}
