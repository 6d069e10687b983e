package org.backupbatch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.backupbatch.config.Templates.Kind;
import org.backupbatch.errors.ConfigurationError;

/**
 * Writes a new site file, {@code jobs/<site>.yaml}, for {@code job=config action=init}: the
 * values given, a comment on each key, and what the provider and app template already give, so
 * that the file explains its own layering. The file is then loaded as any run would load it; when
 * that fails it is removed again, so a written file is always one that loads. An existing file is
 * never overwritten.
 */
public final class SiteFileInit {

    /**
     * What the file is made of; null for what is not given.
     *
     * @param provider       the provider template; null for the built-in defaults' ({@code shared-hosting})
     * @param appType        the app template; null for the built-in defaults' ({@code custom})
     * @param port           the SSH port, digits; null for the provider's (22 built in)
     * @param privateKeyPath the SSH private key; null for {@code ~/.ssh/id_ed25519}
     * @param knownHosts     the known_hosts file; null for the defaults' ({@code ~/.ssh/known_hosts})
     */
    public record Request(String site, String provider, String appType, String host, String port, String user,
                          String remotePath, String privateKeyPath, String knownHosts) {
    }

    static final String DEFAULT_KEY = "~/.ssh/id_ed25519";

    // a value's YAML form: Jackson quotes what needs quoting ("yes", "0755", "a: b # c")
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private final SiteConfigLoader loader;

    public SiteFileInit(SiteConfigLoader loader) {
        this.loader = loader;
    }

    /**
     * Writes and loads the site file.
     *
     * @return the file written
     * @throws ConfigurationError when the file exists, a word is wrong, or the file would not load
     */
    public Path write(Request given) {
        Names.check("site name", given.site());
        Request request = withDefaultTemplates(given);
        Layer provider = template(Kind.PROVIDER, "provider", request.provider());
        Layer app = template(Kind.APP, "app_type", request.appType());
        String text = text(request, provider, app);
        Path file = loader.home().resolve("jobs").resolve(request.site() + ".yaml");
        create(file, text);
        try {
            loader.load(request.site());
        } catch (ConfigurationError e) {
            delete(file);
            throw new ConfigurationError(e.getMessage() + " (nothing written: fix the words and run the init again)", e);
        }
        return file;
    }

    /** The request with the built-in defaults' provider and app type where it names none. */
    private static Request withDefaultTemplates(Request r) {
        JsonNode site = Layer.readResource(SiteConfigLoader.DEFAULTS).tree().path("site");
        return new Request(r.site(), r.provider() != null ? r.provider() : site.path("provider").asText(),
                r.appType() != null ? r.appType() : site.path("app_type").asText(), r.host(), r.port(), r.user(),
                r.remotePath(), r.privateKeyPath(), r.knownHosts());
    }

    private Layer template(Kind kind, String word, String name) {
        Names.check(word + "=", name);
        Layer layer = loader.templates().find(kind, name);
        if (layer == null) {
            throw new ConfigurationError(word + "=" + name + ": " + loader.templates().unknown(kind, name));
        }
        Schema.checkTemplate(layer);
        return layer;
    }

    private static void create(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationError("jobs/" + file.getFileName() + " already exists in " + file.getParent().getParent()
                    + "; init never overwrites a site file: edit it, or choose another site= name");
        } catch (IOException e) {
            throw new ConfigurationError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    /** The file's text, comments included. */
    static String text(Request request, Layer provider, Layer app) {
        List<String> lines = new ArrayList<>();
        header(lines, request, provider, app);
        lines.add("site:");
        lines.add("  # Hosting provider template: providers/<name>.yaml in the home folder, else built in.");
        lines.add("  provider: " + scalar("provider", request.provider()));
        lines.add("  # Application template: providers/apps/<name>.yaml (built in: "
                + String.join(", ", Templates.BUILT_IN_APPS) + ").");
        lines.add("  app_type: " + scalar("app_type", request.appType()));
        lines.add("  # url: https://www.example.org   # the public address, for reports only");
        lines.add("");
        ssh(lines, request, provider);
        files(lines, request);
        database(lines, request);
        lines.add("backup:");
        lines.add("  # Where archives go: <destination>/<site>/backup-<site>-<id>.tar.gz; relative to the home folder.");
        lines.add("  # destination: backups");
        lines.add("  # Archives older than this many days are pruned; 0 keeps them all.");
        lines.add("  # retention_days: 30");
        return String.join("\n", lines) + "\n";
    }

    private static void header(List<String> lines, Request request, Layer provider, Layer app) {
        lines.add("# jobs/" + request.site() + ".yaml: the site " + request.site() + ", written by job=config action=init.");
        lines.add("# Layering, later wins: built-in defaults <- provider " + request.provider() + " <- app template "
                + request.appType() + " <- this file.");
        lines.add("# java -jar backup-batch.jar job=config site=" + request.site()
                + " shows every value and the layer it comes from.");
        given(lines, "provider " + request.provider(), provider);
        given(lines, "app template " + request.appType(), app);
        lines.add("# A key set here replaces the template's value (a list replaces the whole list).");
        lines.add("");
    }

    /** Lists, as comments, what a template sets. */
    private static void given(List<String> lines, String label, Layer template) {
        List<String> values = new ArrayList<>();
        flatten(template.tree(), "", values);
        lines.add("#");
        lines.add(values.isEmpty() ? "# The " + label + Templates.whereIfOwn(template) + " sets nothing."
                : "# The " + label + Templates.whereIfOwn(template) + " gives:");
        values.forEach(value -> lines.add("#   " + value));
    }

    private static void flatten(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(f -> flatten(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            out.add(path + ": " + items.size() + " items: " + oneLine(String.join(", ", items.subList(0,
                    Math.min(4, items.size())))) + (items.size() > 4 ? ", …" : ""));
        } else if (!node.isNull()) {
            out.add(path + ": " + (Secret.isSecretField(path) ? Secret.HIDDEN : oneLine(node.asText())));
        }
    }

    private static void ssh(List<String> lines, Request request, Layer provider) {
        JsonNode providerPort = provider.tree().at("/ssh/port");
        lines.add("ssh:");
        lines.add("  # The SSH account that holds the site (key authentication; no root, nothing to install).");
        lines.add("  host: " + scalar("host", request.host()));
        if (request.port() == null) {
            lines.add("  # port: " + (providerPort.isMissingNode() ? "22   # the default" : providerPort.asText()
                    + "   # the provider's"));
        } else {
            lines.add("  port: " + port(request.port()));
        }
        lines.add("  user: " + scalar("user", request.user()));
        lines.add("  # ed25519, ECDSA or RSA, readable by its owner only (chmod 600); ~/ is your home folder.");
        lines.add("  private_key_path: " + scalar("private_key_path",
                request.privateKeyPath() == null ? DEFAULT_KEY : request.privateKeyPath()));
        String knownHosts = request.knownHosts() == null ? "~/.ssh/known_hosts" : oneLine(request.knownHosts());
        lines.add("  # The server's key must be in known_hosts first, checked by you:");
        lines.add("  #   ssh-keyscan -p " + (request.port() == null ? "22" : request.port()) + " " + oneLine(request.host())
                + " >> " + knownHosts);
        lines.add(request.knownHosts() == null ? "  # known_hosts: ~/.ssh/known_hosts"
                : "  known_hosts: " + scalar("known_hosts", request.knownHosts()));
        lines.add("");
    }

    private static void files(List<String> lines, Request request) {
        lines.add("files:");
        lines.add("  # The site's root folder on the server" + ("wordpress".equals(request.appType())
                ? " (the one holding wp-config.php)." : "."));
        lines.add("  remote_path: " + scalar("remote_path", request.remotePath()));
        lines.add("  # Glob patterns relative to remote_path; ** crosses folders. A list here replaces the template's.");
        lines.add("  # exclude_patterns: [\"cache/**\", \"*.log\"]");
        lines.add("");
    }

    private static void database(List<String> lines, Request request) {
        if ("wordpress".equals(request.appType())) {
            lines.add("# WordPress: the database's name, user, password and host are read from wp-config.php at");
            lines.add("# each run. To give them here instead (the password through the environment):");
        } else {
            lines.add("# A database? Give it here (the password through the environment, or the ENC(...) value");
            lines.add("# that job=config action=seal prints):");
        }
        lines.add("# database:");
        lines.add("#   name: " + request.site().replaceAll("[^A-Za-z0-9_]", "_"));
        lines.add("#   user: " + request.site().replaceAll("[^A-Za-z0-9_]", "_"));
        lines.add("#   password: ${" + request.site().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_")
                + "_DB_PASSWORD}");
        lines.add("");
    }

    private static String port(String port) {
        if (!port.matches("[0-9]{1,5}")) {
            throw new ConfigurationError("port=" + port + ": expected a port number, e.g. port=22");
        }
        return String.valueOf(Integer.parseInt(port));
    }

    /** A value as YAML writes it, quoted where needed; {@code word=} names it in an error. */
    private static String scalar(String word, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationError(word + "= is missing: job=config action=init needs host=, user= and remote_path=");
        }
        if (value.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new ConfigurationError(word + "= holds a control character (a newline?)");
        }
        try {
            return YAML.writeValueAsString(value).strip();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + word + " as YAML", e);
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
