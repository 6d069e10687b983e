package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backupbatch.errors.ConfigurationError;

/**
 * The keys a configuration file may hold. Every layer file is checked on its own, so a typo is
 * reported in the file that holds it: a misspelt {@code exclude_patterns} must not silently back
 * up gigabytes of cache.
 */
final class Schema {

    static final Map<String, List<String>> SECTIONS = sections();

    /** Keys whose value is a mapping of its own, and the keys that mapping may hold. */
    static final Map<String, List<String>> NESTED = Map.of("backup.encryption",
            List.of("type", "recipients", "passphrase", "private_key", "private_key_passphrase"),
            "drill.database", List.of("host", "port", "socket", "user", "password"),
            "notify.webhook", List.of("url", "headers"),
            "notify.mail", List.of("to", "from", "smtp_host", "smtp_port", "smtp_user", "smtp_password", "starttls"));

    /** The top-level list of off-site copies ({@link OffsiteCopy}): each item a mapping of these keys. */
    static final String COPIES = "copies";
    static final List<String> COPY_KEYS = List.of("name", "type", "endpoint", "region", "bucket", "prefix",
            "access_key", "secret_key", "path_style", "storage_class", "part_size_mb", "host", "port", "user",
            "private_key_path", "private_key_passphrase", "known_hosts", "host_key_policy", "path",
            "connect_timeout_seconds", "retention");
    /** The keys of a copy's {@code retention}: those of {@code backup} that choose what is kept. */
    static final List<String> COPY_RETENTION_KEYS = List.of("retention_days", "keep_last", "keep_hourly",
            "keep_daily", "keep_weekly", "keep_monthly", "keep_yearly");

    /** Keys that choose the layering or name the site: meaningful only in a site file. */
    private static final Set<String> SITE_FILE_ONLY = Set.of("site.name", "site.provider", "site.app_type");

    private Schema() {
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("site", List.of("name", "provider", "app_type", "url", "transport", "groups"));
        sections.put("ssh", List.of("host", "port", "user", "private_key_path", "private_key_passphrase",
                "public_key_path", "known_hosts", "host_key_policy", "connect_timeout_seconds", "keepalive_seconds", "keepalive_count_max", "command_timeout_seconds"));
        sections.put("files", List.of("remote_path", "include_patterns", "exclude_patterns"));
        sections.put("database", List.of("enabled", "host", "port", "socket", "name", "user", "password",
                "tables", "table_prefix", "incremental"));
        sections.put("backup", List.of("destination", "compression", "compression_level", "retention_days", "retries",
                "retry_delay_seconds", "encryption",
                "keep_last", "keep_hourly", "keep_daily", "keep_weekly", "keep_monthly", "keep_yearly",
                "keep_snapshots_days", "mode", "full_every_days", "content_check_every_days"));
        sections.put("drill", List.of("database"));
        sections.put("notify", List.of("on", "webhook", "mail"));
        return Collections.unmodifiableMap(sections);
    }

    /** Checks a site file: known sections and keys, sections as mappings. */
    static void checkSiteFile(Layer layer) {
        check(layer, Set.of());
    }

    /** Checks the built-in defaults, which may choose the default provider and app type. */
    static void checkDefaults(Layer layer) {
        check(layer, Set.of("site.name"));
    }

    /** Checks a provider or app template, which may not name the site nor choose templates. */
    static void checkTemplate(Layer layer) {
        check(layer, SITE_FILE_ONLY);
    }

    private static void check(Layer layer, Set<String> forbidden) {
        for (Map.Entry<String, JsonNode> section : layer.tree().properties()) {
            if (section.getKey().equals(COPIES)) {
                checkCopies(layer.file(), section.getValue());
                continue;
            }
            List<String> keys = SECTIONS.get(section.getKey());
            if (keys == null) {
                List<String> known = new java.util.ArrayList<>(SECTIONS.keySet());
                known.add(COPIES);
                throw unknownKey(layer.file(), "", section.getKey(), known);
            }
            checkSection(layer.file(), section.getKey(), section.getValue(), keys, forbidden);
        }
    }

    private static void checkSection(String file, String name, JsonNode section, List<String> keys,
                                     Set<String> forbidden) {
        if (section.isNull()) {
            return;
        }
        if (!section.isObject()) {
            throw new ConfigurationError(file + ": " + name + ": expected a mapping of keys ("
                    + String.join(", ", keys) + "), got " + Describe.node(section, false));
        }
        Iterator<String> fields = section.fieldNames();
        while (fields.hasNext()) {
            String key = fields.next();
            if (!keys.contains(key)) {
                throw unknownKey(file, name + ".", key, keys);
            }
            if (forbidden.contains(name + "." + key)) {
                throw new ConfigurationError(file + ": " + name + "." + key
                        + ": only a site file (jobs/<site>.yaml) may set this key");
            }
            List<String> nested = NESTED.get(name + "." + key);
            if (nested != null) {
                checkSection(file, name + "." + key, section.get(key), nested, forbidden);
            }
        }
    }

    /** {@code copies}: a list of mappings of {@link #COPY_KEYS}; what each type needs is the binder's. */
    private static void checkCopies(String file, JsonNode copies) {
        if (copies.isNull()) {
            return;
        }
        if (!copies.isArray()) {
            throw new ConfigurationError(file + ": " + COPIES + ": expected a list of copies (- name: …, type: s3 "
                    + "or sftp), got " + Describe.node(copies, false));
        }
        for (int i = 0; i < copies.size(); i++) {
            checkSection(file, COPIES + "[" + i + "]", copies.get(i), COPY_KEYS, Set.of());
            JsonNode retention = copies.get(i).get("retention");
            if (retention != null) {
                checkSection(file, COPIES + "[" + i + "].retention", retention, COPY_RETENTION_KEYS, Set.of());
            }
        }
    }

    private static ConfigurationError unknownKey(String file, String prefix, String key, List<String> known) {
        String message = file + ": " + prefix + key + ": unknown key; known keys here: " + String.join(", ", known);
        String suggestion = Names.closest(key, known);
        return new ConfigurationError(suggestion == null ? message : message + "; did you mean " + suggestion + "?");
    }
}
