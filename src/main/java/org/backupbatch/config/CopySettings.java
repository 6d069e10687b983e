package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.backupbatch.config.OffsiteCopy.Keep;

/**
 * Binds {@code copies:}, the off-site copies of a site's backups, item by item: each error names
 * the file, the item ({@code copies[1].bucket}) and why. A key of the other type (a {@code bucket}
 * on an sftp copy) is an error, not ignored. An SFTP copy takes the site's SSH key, known_hosts and
 * host-key policy unless it sets its own; a copy's {@code retention} keys override the site's.
 */
final class CopySettings {

    private static final String COPIES = Schema.COPIES;
    private static final List<String> COMMON = List.of("name", "type", "retention");
    private static final List<String> S3_KEYS = List.of("endpoint", "region", "bucket", "prefix", "access_key",
            "secret_key", "path_style", "storage_class", "part_size_mb");
    private static final List<String> SFTP_KEYS = List.of("host", "port", "user", "private_key_path",
            "private_key_passphrase", "known_hosts", "host_key_policy", "path", "connect_timeout_seconds");
    private static final int MAX_PORT = 65535;
    private static final int DEFAULT_PART_MB = 16;

    private final Fields fields;
    private final SiteConfig.Ssh ssh;
    private final SiteConfig.Backup backup;

    private CopySettings(Fields fields, SiteConfig.Ssh ssh, SiteConfig.Backup backup) {
        this.fields = fields;
        this.ssh = ssh;
        this.backup = backup;
    }

    /**
     * @param ssh    the site's SSH account, whose key an SFTP copy uses by default; may be null
     * @param backup the site's backup settings, whose retention a copy uses by default
     * @return the copies in the order written; empty when none
     */
    static List<OffsiteCopy> bind(Fields fields, SiteConfig.Ssh ssh, SiteConfig.Backup backup) {
        JsonNode list = fields.node(COPIES);
        if (list == null) {
            return List.of();
        }
        CopySettings settings = new CopySettings(fields, ssh, backup);
        List<OffsiteCopy> copies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            OffsiteCopy copy = settings.copy(new Item(fields, COPIES + "[" + i + "]", list.get(i)));
            if (!names.add(copy.name())) {
                throw fields.error(COPIES, COPIES + "[" + i + "].name", "'" + copy.name()
                        + "' names another copy too; each copy needs its own name");
            }
            copies.add(copy);
        }
        return List.copyOf(copies);
    }

    private OffsiteCopy copy(Item item) {
        String name = item.required("name");
        if (!Names.isValid(name)) {
            throw item.error("name", Describe.quoted(name) + " is not a valid name: " + Names.RULE);
        }
        String type = item.required("type");
        List<String> own = switch (type) {
            case "s3" -> S3_KEYS;
            case "sftp" -> SFTP_KEYS;
            default -> throw item.error("type", "expected s3 or sftp, got " + Describe.quoted(type));
        };
        item.node().fieldNames().forEachRemaining(key -> {
            if (!COMMON.contains(key) && !own.contains(key)) {
                throw item.error(key, "not a key of an " + type + " copy; its keys: " + String.join(", ", own));
            }
        });
        return type.equals("s3") ? s3(item, name) : sftp(item, name);
    }

    private OffsiteCopy.S3 s3(Item item, String name) {
        URI endpoint = item.text("endpoint") == null ? null : endpoint(item);
        String prefix = item.text("prefix") == null ? "" : item.text("prefix");
        if (prefix.startsWith("/")) {
            throw item.error("prefix", "starts with /; write it without (e.g. backups/)");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        Boolean pathStyle = item.bool("path_style");
        return new OffsiteCopy.S3(name, endpoint, item.required("region"), item.required("bucket"), prefix,
                item.secret("access_key", true), item.secret("secret_key", true),
                pathStyle == null || pathStyle, item.text("storage_class"),
                item.integer("part_size_mb", 5, 5120, DEFAULT_PART_MB), keep(item));
    }

    private URI endpoint(Item item) {
        String text = item.text("endpoint");
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw item.error("endpoint", "expected an http:// or https:// URL with a host, got "
                        + Describe.quoted(text));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw item.error("endpoint", "not a URL: " + e.getReason());
        }
    }

    private OffsiteCopy.Sftp sftp(Item item, String name) {
        String fallback = ssh == null ? "" : "(the site's ssh one is used when not set)";
        String keyText = item.text("private_key_path");
        if (keyText == null && ssh == null) {
            throw item.error("private_key_path", "required when the site has no ssh section");
        }
        Path key = keyText == null ? ssh.privateKeyPath() : item.existingFile("private_key_path", keyText);
        Secret passphrase = keyText == null ? ssh.privateKeyPassphrase() : item.secret("private_key_passphrase", false);
        String knownText = item.text("known_hosts");
        Path knownHosts = knownText != null ? item.path("known_hosts", knownText)
                : ssh != null ? ssh.knownHosts() : fields.path("ssh.known_hosts");
        String policyText = item.text("host_key_policy");
        HostKeyPolicy policy = policyText == null ? (ssh != null ? ssh.hostKeyPolicy() : HostKeyPolicy.STRICT)
                : switch (policyText) {
                    case "strict" -> HostKeyPolicy.STRICT;
                    case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
                    default -> throw item.error("host_key_policy", "expected strict or accept-new, got "
                            + Describe.quoted(policyText));
                };
        if (policy == HostKeyPolicy.STRICT && !java.nio.file.Files.isRegularFile(knownHosts)) {
            throw item.error("known_hosts", knownHosts + " does not exist " + fallback + "; add the host's key to "
                    + "it, or set host_key_policy: accept-new");
        }
        return new OffsiteCopy.Sftp(name, item.required("host"), item.integer("port", 1, MAX_PORT, 22),
                item.required("user"), key, passphrase, knownHosts, policy, item.required("path"),
                item.integer("connect_timeout_seconds", 1, 3600, 30), keep(item));
    }

    /** The copy's retention: each key from its {@code retention} when set there, else the site's. */
    private Keep keep(Item item) {
        SiteConfig.Retention site = backup.retention();
        Item r = item.child("retention");
        if (r == null) {
            return new Keep(backup.retentionDays(), site);
        }
        int max = 100_000;
        return new Keep(r.integer("retention_days", 0, Integer.MAX_VALUE, backup.retentionDays()),
                new SiteConfig.Retention(r.integer("keep_last", 0, max, site.keepLast()),
                        r.integer("keep_hourly", 0, max, site.keepHourly()),
                        r.integer("keep_daily", 0, max, site.keepDaily()),
                        r.integer("keep_weekly", 0, max, site.keepWeekly()),
                        r.integer("keep_monthly", 0, max, site.keepMonthly()),
                        r.integer("keep_yearly", 0, max, site.keepYearly()),
                        site.keepSnapshotsDays()));
    }

    /** One mapping of the list, its values read with messages that name it ({@code copies[0].bucket}). */
    private record Item(Fields fields, String shown, JsonNode node) {

        RuntimeException error(String key, String reason) {
            return fields.error(COPIES, shown + "." + key, reason);
        }

        Item child(String key) {
            JsonNode child = node.get(key);
            return child == null || child.isNull() ? null : new Item(fields, shown + "." + key, child);
        }

        String text(String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw error(key, "expected a string, got " + Describe.node(value, Secret.isSecretField(key)));
            }
            if (fields.isSealed(shown + "." + key) && !Secret.isSecretField(key) && !key.equals("access_key")) {
                throw error(key, "a sealed ENC(…) value is only for secret fields such as secret_key; write this "
                        + "value in clear");
            }
            return value.textValue();
        }

        String required(String key) {
            String value = text(key);
            if (value == null || value.isBlank()) {
                throw error(key, "required but not set");
            }
            return value;
        }

        /** A secret ({@code ${ENV}} or {@code ENC(…)} welcome); never shown in an error. */
        Secret secret(String key, boolean required) {
            String value = required ? required(key) : text(key);
            return value == null ? null : Secret.of(value);
        }

        Boolean bool(String key) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
                return Boolean.valueOf(value.textValue());
            }
            throw error(key, "expected true or false, got " + Describe.node(value, false));
        }

        int integer(String key, int min, int max, int fallback) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return fallback;
            }
            boolean digits = value.isTextual() && value.textValue().strip().matches("\\d{1,9}");
            if (!value.isIntegralNumber() && !digits || value.isIntegralNumber() && !value.canConvertToInt()) {
                throw error(key, "expected an integer, got " + Describe.node(value, false));
            }
            int parsed = digits ? Integer.parseInt(value.textValue().strip()) : value.intValue();
            if (parsed < min || parsed > max) {
                throw error(key, parsed + " is out of range; expected an integer between " + min + " and " + max);
            }
            return parsed;
        }

        Path path(String key, String value) {
            return fields.path(COPIES, shown + "." + key, value);
        }

        Path existingFile(String key, String value) {
            return fields.existingFile(COPIES, shown + "." + key, value);
        }
    }
}
