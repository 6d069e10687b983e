package org.backupbatch.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.backupbatch.config.SiteConfig.Backup;
import org.backupbatch.config.SiteConfig.Database;
import org.backupbatch.config.SiteConfig.Encryption;
import org.backupbatch.config.SiteConfig.Retention;
import org.backupbatch.config.SiteConfig.Site;
import org.backupbatch.config.SiteConfig.Ssh;
import org.backupbatch.config.SiteConfig.Tables;

/**
 * Turns the merged, placeholder-resolved tree into {@link SiteConfig} records, checking required
 * fields, types and ranges.
 */
final class SiteConfigBinder {

    private static final List<String> DATABASE_VALUES = List.of("host", "port", "socket", "name", "user", "password",
            "table_prefix");
    private static final int MAX_PORT = 65535;
    private static final int MAX_TIMEOUT_SECONDS = 3600;
    private static final String ENCRYPTION = "backup.encryption";

    private final Fields fields;

    /**
     * @param home     the home folder, absolute
     * @param userHome what {@code ~} stands for
     */
    SiteConfigBinder(MergedTree merged, Path home, Path userHome) {
        this.fields = new Fields(merged, home, userHome);
    }

    /**
     * @param siteName         the site file's name
     * @param sourceFile       the site file, absolute
     * @param databaseDeclared whether the site file or its app template has a database section
     * @param siteDatabaseKeys the database keys the site file itself sets
     */
    SiteConfig bind(String siteName, Path sourceFile, boolean databaseDeclared, Set<String> siteDatabaseKeys) {
        Site site = site(siteName);
        Ssh ssh = site.transport() == Transport.SSH ? ssh() : null;
        SiteConfig.Files files = files(site.transport());
        Database database = databaseDeclared && !Boolean.FALSE.equals(fields.bool("database.enabled"))
                ? database(site, siteDatabaseKeys)
                : null;
        Backup backup = backup();
        return new SiteConfig(site, ssh, files, database, backup, sourceFile, drill(), NotifySettings.bind(fields),
                CopySettings.bind(fields, ssh, backup));
    }

    private Site site(String siteName) {
        String name = fields.text("site.name");
        if (name != null && !Names.isValid(name)) {
            throw fields.error("site.name", Describe.quoted(name) + " is not a valid name: " + Names.RULE);
        }
        if (name != null && !name.equals(siteName)) {
            throw fields.error("site.name", "'" + name + "' differs from the file name; write '" + siteName
                    + "' or leave site.name out");
        }
        String transport = fields.text("site.transport");
        Transport parsed = transport == null ? Transport.SSH : switch (transport) {
            case "ssh" -> Transport.SSH;
            case "local" -> Transport.LOCAL;
            default -> throw fields.error("site.transport", "expected ssh or local, got " + Describe.quoted(transport));
        };
        return new Site(siteName, fields.text("site.provider"), fields.text("site.app_type"),
                fields.text("site.url"), parsed);
    }

    private Ssh ssh() {
        String when = "when site.transport is ssh";
        HostKeyPolicy policy = hostKeyPolicy();
        return new Ssh(
                fields.requiredText("ssh.host", when),
                fields.integer("ssh.port", 1, MAX_PORT),
                fields.requiredText("ssh.user", when),
                fields.existingFile("ssh.private_key_path", when),
                fields.secret("ssh.private_key_passphrase"),
                fields.path("ssh.public_key_path"),
                knownHosts(policy, when),
                policy,
                fields.integer("ssh.connect_timeout_seconds", 1, MAX_TIMEOUT_SECONDS),
                fields.integer("ssh.keepalive_seconds", 0, MAX_TIMEOUT_SECONDS),
                fields.integer("ssh.keepalive_count_max", 1, 1000),
                fields.integer("ssh.command_timeout_seconds", 0, Integer.MAX_VALUE));
    }

    private HostKeyPolicy hostKeyPolicy() {
        String policy = fields.requiredText("ssh.host_key_policy", "");
        return switch (policy) {
            case "strict" -> HostKeyPolicy.STRICT;
            case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
            default -> throw fields.error("ssh.host_key_policy", "expected strict or accept-new, got "
                    + Describe.quoted(policy));
        };
    }

    /** The known_hosts file: it must exist, unless accept-new may create it at the first connection. */
    private Path knownHosts(HostKeyPolicy policy, String when) {
        fields.requiredText("ssh.known_hosts", when);
        Path file = fields.path("ssh.known_hosts");
        boolean exists = java.nio.file.Files.exists(file);
        if (!exists && policy == HostKeyPolicy.STRICT) {
            throw fields.error("ssh.known_hosts", file + " does not exist; add the host's key to it (ssh-keyscan, "
                    + "after checking its fingerprint with the host), or set ssh.host_key_policy: accept-new to "
                    + "record it at the first connection");
        }
        if (exists && !java.nio.file.Files.isRegularFile(file)) {
            throw fields.error("ssh.known_hosts", file + " is not a regular file");
        }
        return file;
    }

    private SiteConfig.Files files(Transport transport) {
        String remotePath = fields.requiredText("files.remote_path", "");
        if (transport == Transport.LOCAL) {
            // With the local transport this is a folder of this machine: same rules as other paths.
            remotePath = fields.path("files.remote_path").toString();
        }
        return new SiteConfig.Files(remotePath, fields.strings("files.include_patterns"),
                fields.strings("files.exclude_patterns"));
    }

    private Database database(Site site, Set<String> siteDatabaseKeys) {
        String when = site.isWordPress() ? "" : "when the site has a database (or set database.enabled: false)";
        String name = site.isWordPress() ? fields.text("database.name") : fields.requiredText("database.name", when);
        String user = site.isWordPress() ? fields.text("database.user") : fields.requiredText("database.user", when);
        String host = fields.requiredText("database.host", "");
        Set<String> explicit = new HashSet<>(siteDatabaseKeys);
        explicit.retainAll(DATABASE_VALUES);
        String prefix = tablePrefix();
        return new Database(host, fields.integer("database.port", 1, MAX_PORT), fields.text("database.socket"),
                name, user, fields.secret("database.password"), tables(site, prefix), prefix, explicit, databaseIncremental());
    }

    private SiteConfig.DatabaseIncremental databaseIncremental() {
        String incremental = fields.requiredText("database.incremental", "");
        return switch (incremental) {
            case "none" -> SiteConfig.DatabaseIncremental.NONE;
            case "tables" -> SiteConfig.DatabaseIncremental.TABLES;
            default -> throw fields.error("database.incremental", "expected none or tables, got "
                    + Describe.quoted(incremental));
        };
    }

    private Tables tables(Site site, String prefix) {
        String tables = fields.requiredText("database.tables", "");
        Tables parsed = switch (tables) {
            case "all" -> Tables.ALL;
            case "prefix" -> Tables.PREFIX;
            default -> throw fields.error("database.tables", "expected prefix or all, got " + Describe.quoted(tables));
        };
        if (parsed == Tables.PREFIX && prefix == null && !site.isWordPress()) {
            throw fields.error("database.tables", "prefix needs database.table_prefix (only a WordPress site, "
                    + "app_type wordpress, reads its prefix from wp-config.php); set it, or write all");
        }
        return parsed;
    }

    /** The table prefix the configuration sets, or null. */
    private String tablePrefix() {
        String prefix = fields.text("database.table_prefix");
        if (prefix != null && prefix.isEmpty()) {
            throw fields.error("database.table_prefix", "empty: every table would match; "
                    + "write database.tables: all to take the whole database");
        }
        return prefix;
    }

    private Backup backup() {
        Path destination = fields.path("backup.destination");
        if (destination == null) {
            throw fields.error("backup.destination", "required but not set");
        }
        String compression = fields.requiredText("backup.compression", "");
        if (!List.of("auto", "gzip", "pigz").contains(compression)) {
            throw fields.error("backup.compression", Describe.quoted(compression)
                    + " is not supported; use auto, gzip or pigz");
        }
        return new Backup(destination, compression,
                fields.integer("backup.compression_level", 1, 9),
                fields.integer("backup.retention_days", 0, Integer.MAX_VALUE),
                fields.integer("backup.retries", 0, 100),
                fields.integer("backup.retry_delay_seconds", 0, 3600),
                encryption(), retention(), incremental());
    }

    /** {@code backup.mode}, {@code full_every_days}, {@code content_check_every_days}; defaults.yaml gives each a value. */
    private SiteConfig.Incremental incremental() {
        String mode = fields.requiredText("backup.mode", "");
        if (!List.of(SiteConfig.Incremental.AUTO, SiteConfig.Incremental.FULL).contains(mode)) {
            throw fields.error("backup.mode", Describe.quoted(mode) + " is not supported; use auto or full");
        }
        return new SiteConfig.Incremental(mode, fields.integer("backup.full_every_days", 0, 3650),
                fields.integer("backup.content_check_every_days", 0, 3650));
    }

    /** The {@code keep_*} rules beside {@code retention_days}; defaults.yaml gives each a value. */
    private Retention retention() {
        int max = 100_000;
        return new Retention(fields.integer("backup.keep_last", 0, max), fields.integer("backup.keep_hourly", 0, max),
                fields.integer("backup.keep_daily", 0, max), fields.integer("backup.keep_weekly", 0, max),
                fields.integer("backup.keep_monthly", 0, max), fields.integer("backup.keep_yearly", 0, max),
                fields.integer("backup.keep_snapshots_days", 0, Integer.MAX_VALUE));
    }

    /** {@code drill.database}: the server a restore drill loads into (the defaults name the local one). */
    private SiteConfig.Drill drill() {
        String at = "drill.database.";
        return new SiteConfig.Drill(fields.requiredText(at + "host", ""), fields.integer(at + "port", 1, MAX_PORT),
                fields.text(at + "socket"), fields.requiredText(at + "user", ""), fields.secret(at + "password"));
    }

    /** {@code backup.encryption}, or null when archives are not encrypted. */
    private Encryption encryption() {
        if (!fields.isSet(ENCRYPTION)) {
            return null;
        }
        String type = fields.requiredText(ENCRYPTION + ".type", "when backup.encryption is set");
        if (!type.equals("openpgp")) {
            throw fields.error(ENCRYPTION + ".type", Describe.quoted(type) + " is not supported; use openpgp");
        }
        List<Path> recipients = fields.existingFiles(ENCRYPTION + ".recipients");
        Secret passphrase = fields.secret(ENCRYPTION + ".passphrase");
        if (recipients.isEmpty() == (passphrase == null)) {
            throw fields.error(ENCRYPTION, recipients.isEmpty()
                    ? "set recipients (public key files, gpg --export) or passphrase"
                    : "set recipients or passphrase, not both");
        }
        if (passphrase != null && passphrase.isEmpty()) {
            throw fields.error(ENCRYPTION + ".passphrase", "empty; give a passphrase, e.g. ${BACKUP_PASSPHRASE}");
        }
        Path privateKey = fields.isSet(ENCRYPTION + ".private_key")
                ? fields.existingFile(ENCRYPTION + ".private_key", "") : null;
        Secret keyPassphrase = fields.secret(ENCRYPTION + ".private_key_passphrase");
        if (privateKey != null && passphrase != null) {
            throw fields.error(ENCRYPTION + ".private_key", "goes with recipients; backups encrypted with a "
                    + "passphrase are opened by it");
        }
        if (keyPassphrase != null && privateKey == null) {
            throw fields.error(ENCRYPTION + ".private_key_passphrase", "set without private_key");
        }
        return new Encryption(recipients, passphrase, privateKey, keyPassphrase);
    }
}
