package org.backupbatch.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The effective, validated configuration of one site, as loaded by {@link SiteConfigLoader} from
 * {@code jobs/<site>.yaml} over its layers. Immutable; safe to log (the password is a {@link
 * Secret}).
 *
 * @param site       who the site is and how it is reached
 * @param ssh        the SSH account; null when the transport is {@link Transport#LOCAL}
 * @param files      which files to back up
 * @param database   the database to dump; null when the site declares none or sets {@code
 *                   database.enabled: false}
 * @param backup     where and how archives are written
 * @param sourceFile the site file, absolute
  * @param drill      where a restore drill ({@code job=drill}) loads the database
 * @param notices    who is told of a run's outcome; null when nobody is
 * @param copies     the off-site copies each backup is uploaded to ({@code copies:}); empty when none
 */
public record SiteConfig(Site site, Ssh ssh, Files files, Database database, Backup backup, Path sourceFile,
        Drill drill, Notify notices, List<OffsiteCopy> copies) {

    /** A site without off-site copies. */
    public SiteConfig(Site site, Ssh ssh, Files files, Database database, Backup backup, Path sourceFile,
            Drill drill, Notify notices) {
        this(site, ssh, files, database, backup, sourceFile, drill, notices, List.of());
    }

    /** The off-site copy of that name, or null. */
    public OffsiteCopy copy(String name) {
        return copies.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** A site whose drills use the local server ({@link Drill#LOCAL}) and that notifies nobody. */
    public SiteConfig(Site site, Ssh ssh, Files files, Database database, Backup backup, Path sourceFile) {
        this(site, ssh, files, database, backup, sourceFile, Drill.LOCAL, null);
    }

    /**
     * How long one remote command may go without a byte in either direction (not its length);
     * {@code ssh.command_timeout_seconds: 0} means no limit.
     */
    public java.time.Duration commandTimeout() {
        int seconds = ssh == null ? 0 : ssh.commandTimeoutSeconds();
        return seconds == 0 ? java.time.Duration.ofDays(365) : java.time.Duration.ofSeconds(seconds);
    }


    public SiteConfig {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(drill, "drill");
        copies = List.copyOf(copies);
    }

    /**
     * Identity of the site. {@code name} equals the site file's name; {@code url} may be null.
     */
    public record Site(String name, String provider, String appType, String url, Transport transport) {

        /** True when the database settings may be read from the site's {@code wp-config.php}. */
        public boolean isWordPress() {
            return "wordpress".equals(appType);
        }
    }

    /**
     * The SSH account. Paths are absolute; {@code publicKeyPath} may be null, and so may {@code
     * privateKeyPassphrase} (the key is not encrypted). {@code knownHosts} need not exist yet
     * under {@link HostKeyPolicy#ACCEPT_NEW}. Times in seconds: connect timeout default 30,
     * keepalive interval default 15 (0 = off), keepalive count max default 4, command timeout
     * default 21600 (6 h; 0 = none).
     */
    public record Ssh(String host, int port, String user, Path privateKeyPath, Secret privateKeyPassphrase,
                      Path publicKeyPath, Path knownHosts, HostKeyPolicy hostKeyPolicy, int connectTimeoutSeconds,
                      int keepaliveSeconds, int keepaliveCountMax, int commandTimeoutSeconds) {
    }

    /**
     * What to back up. {@code remotePath} is the site's root: a folder on the SSH host (relative
     * ones are relative to the login folder), or an absolute local folder with the local
     * transport. Patterns are globs relative to {@code remotePath}; no include pattern means
     * everything.
     */
    public record Files(String remotePath, List<String> includePatterns, List<String> excludePatterns) {

        public Files {
            includePatterns = List.copyOf(includePatterns);
            excludePatterns = List.copyOf(excludePatterns);
        }
    }

    /**
     * The database to dump. {@code socket} and {@code password} may be null; for a WordPress site
     * {@code name} and {@code user} may be null too, to be read from {@code wp-config.php} (see
     * {@link #withDiscovered}). {@code tables} says whether a backup takes the whole database or
     * only the tables starting with {@code tablePrefix} (null until known: a WordPress site reads
     * it from {@code wp-config.php}). {@code explicitKeys} are the YAML keys (host, port, socket,
     * name, user, password, table_prefix) that the site file itself sets: only those win over
     * {@code wp-config.php}. {@code incremental} says whether each night dumps the whole database
     * ({@code NONE}) or sends only the tables whose dump changed ({@code TABLES}).
     */
    public record Database(String host, int port, String socket, String name, String user,
                           Secret password, Tables tables, String tablePrefix, Set<String> explicitKeys,
                           DatabaseIncremental incremental) {

        /** Default MySQL/MariaDB port. */
        public static final int DEFAULT_PORT = 3306;

        public Database {
            Objects.requireNonNull(tables, "tables");
            Objects.requireNonNull(incremental, "incremental");
            explicitKeys = Set.copyOf(explicitKeys);
        }

        /** A database dumped whole every night. */
        public Database(String host, int port, String socket, String name, String user, Secret password,
                        Tables tables, String tablePrefix, Set<String> explicitKeys) {
            this(host, port, socket, name, user, password, tables, tablePrefix, explicitKeys, DatabaseIncremental.NONE);
        }

        /** A database whose backup takes every table, its prefix unknown. */
        public Database(String host, int port, String socket, String name, String user, Secret password,
                        Set<String> explicitKeys) {
            this(host, port, socket, name, user, password, Tables.ALL, null, explicitKeys);
        }

        /** A database whose every given value counts as explicit, its backup taking every table. */
        public Database(String host, int port, String socket, String name, String user, Secret password) {
            this(host, port, socket, name, user, password,
                    Set.of("host", "port", "socket", "name", "user", "password"));
        }

        /** The same database with that table prefix (a discovered one: not explicit). */
        public Database withTablePrefix(String prefix) {
            return new Database(host, port, socket, name, user, password, tables, prefix, explicitKeys, incremental);
        }

        /**
         * Merges the settings read from {@code wp-config.php} into a configured database: values
         * the site file sets explicitly win, the discovered ones replace everything else (built-in
         * defaults and templates included). Host and port are taken separately; the socket goes
         * with the host (a site file that sets the host does not get wp-config.php's socket).
         *
         * @param configured the site's database, or null to use only the discovered settings
         *                   (then every table is taken, as nothing chose otherwise)
         * @param wp         settings parsed by {@link WpConfigParser}
         */
        public static Database withDiscovered(Database configured, WpDatabaseSettings wp) {
            Objects.requireNonNull(wp, "wp");
            if (configured == null) {
                int port = wp.port() != null ? wp.port() : DEFAULT_PORT;
                return new Database(wp.host(), port, wp.socket(), wp.name(), wp.user(), wp.password(), Tables.ALL,
                        wp.tablePrefix(), Set.of());
            }
            Set<String> own = configured.explicitKeys();
            return new Database(
                    pick(own, "host", configured.host(), wp.host()),
                    pick(own, "port", configured.port(), wp.port()),
                    own.contains("socket") || own.contains("host") ? configured.socket() : wp.socket(),
                    pick(own, "name", configured.name(), wp.name()),
                    pick(own, "user", configured.user(), wp.user()),
                    pick(own, "password", configured.password(), wp.password()),
                    configured.tables(),
                    pick(own, "table_prefix", configured.tablePrefix(), wp.tablePrefix()),
                    own, configured.incremental());
        }

        /** The database as {@code user@host:port/name} (or {@code user@socket/name}): no password. */
        public String identity() {
            return identity(user, host, port, socket, name);
        }

        /** The form of {@link #identity()}, for a database known by its parts. */
        public static String identity(String user, String host, int port, String socket, String name) {
            return user + "@" + (socket != null ? socket : host + ":" + port) + "/" + name;
        }

        private static <T> T pick(Set<String> own, String key, T configured, T discovered) {
            return own.contains(key) || discovered == null ? configured : discovered;
        }
    }

    /**
     * Which tables of the database a backup takes: {@code ALL} of them, or only those whose name
     * starts with the table prefix ({@code PREFIX}), so that sites sharing one database are
     * backed up and restored apart.
     */
    public enum Tables {
        ALL, PREFIX
    }

    /**
     * What a night sends of the database: {@code NONE}, the whole dump; {@code TABLES}, only the
     * tables whose dump text changed since the reference backup, the others copied from it.
     */
    public enum DatabaseIncremental {
        NONE, TABLES
    }

    /**
     * Where and how archives are written: {@code destination} is absolute (it need not exist
     * yet); compression is {@code auto} (pigz when the host has it, else gzip: the same gzip
     * output, pigz uses every core), {@code gzip} or {@code pigz}, at level 1..9 (default 6); archives older than {@code
     * retentionDays} are pruned (default 30; 0 keeps all). A transfer cut by a network error is
     * tried again {@code retries} times (default 2), after {@code retryDelaySeconds} (default 10),
     * doubled at each attempt. {@code encryption} is null when archives are not encrypted.
     */
    public record Backup(Path destination, String compression, int compressionLevel, int retentionDays, int retries,
            int retryDelaySeconds, Encryption encryption, Retention retention, Incremental incremental) {

        /** The incremental settings' defaults ({@link Incremental#DEFAULT}). */
        public Backup(Path destination, String compression, int compressionLevel, int retentionDays, int retries,
                int retryDelaySeconds, Encryption encryption, Retention retention) {
            this(destination, compression, compressionLevel, retentionDays, retries, retryDelaySeconds, encryption,
                    retention, Incremental.DEFAULT);
        }

        /** Archives not encrypted. */
        public Backup(Path destination, String compression, int compressionLevel, int retentionDays, int retries,
                int retryDelaySeconds) {
            this(destination, compression, compressionLevel, retentionDays, retries, retryDelaySeconds, null);
        }

        /** No {@code keep_*} rule: {@code retention_days} alone, snapshots kept 7 days. */
        public Backup(Path destination, String compression, int compressionLevel, int retentionDays, int retries,
                int retryDelaySeconds, Encryption encryption) {
            this(destination, compression, compressionLevel, retentionDays, retries, retryDelaySeconds, encryption,
                    Retention.DEFAULT);
        }
    }

    /**
     * Incremental nights (issue 15): {@code mode} is {@code auto} (incremental when the last
     * verified backup can serve as reference, else full) or {@code full}; a full backup is made
     * when the last one is {@code fullEveryDays} old or more; the files the listing calls
     * unchanged are hashed on the host and compared every {@code contentCheckEveryDays}. 0 days:
     * every run. Defaults: auto, 7, 7.
     */
    public record Incremental(String mode, int fullEveryDays, int contentCheckEveryDays) {

        public static final String AUTO = "auto";
        public static final String FULL = "full";
        public static final Incremental DEFAULT = new Incremental(AUTO, 7, 7);
    }

    /**
     * restic's {@code forget} rules beside {@code retention_days} ({@code backup.keep_last},
     * {@code keep_hourly}, {@code keep_daily}, {@code keep_weekly}, {@code keep_monthly}, {@code
     * keep_yearly}: counts of backups or of distinct UTC hours, days, ISO weeks, months, years; 0 =
     * rule unused, the default), and how many days pre-restore snapshots are kept ({@code
     * keep_snapshots_days}, default 7; 0 keeps them all).
     */
    public record Retention(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly,
            int keepYearly, int keepSnapshotsDays) {

        public static final Retention DEFAULT = new Retention(0, 0, 0, 0, 0, 0, 7);
    }

    /**
     * Notices after a backup or restore run ({@code notify}): sent on a failure, and on a success
     * when {@code onSuccess}; by webhook, by mail, or both (at least one of them is set).
     */
    public record Notify(boolean onFailure, boolean onSuccess, Webhook webhook, Mail mail) {
    }

    /**
     * A webhook: an {@code http} or {@code https} URL that receives a JSON POST; {@code headers}
     * (an {@code Authorization} token, say) are secrets, never logged.
     */
    public record Webhook(java.net.URI url, java.util.Map<String, Secret> headers) {

        public Webhook {
            headers = java.util.Map.copyOf(headers);
        }
    }

    /**
     * Mail through an SMTP server: {@code smtpUser} and {@code smtpPassword} may be null (no
     * authentication); {@code starttls} (default true) requires the server to upgrade the
     * connection. Port default 587.
     */
    public record Mail(List<String> to, String from, String smtpHost, int smtpPort, String smtpUser,
            Secret smtpPassword, boolean starttls) {

        public Mail {
            to = List.copyOf(to);
        }
    }

    /**
     * Encryption at rest ({@code backup.encryption}, type {@code openpgp}): to the public keys in
     * {@code recipients} (files, absolute), or with {@code passphrase}; exactly one of the two.
     * {@code privateKey} (a file, absolute) and its {@code privateKeyPassphrase} open backups
     * encrypted to recipients, to verify and restore them; both may be null (then a backup is
     * checked without decrypting, and a restore is refused). A passphrase opens its own backups.
     */
    public record Encryption(List<Path> recipients, Secret passphrase, Path privateKey, Secret privateKeyPassphrase) {

        public Encryption {
            recipients = List.copyOf(recipients);
            if (recipients.isEmpty() == (passphrase == null)) {
                throw new IllegalArgumentException("recipients or a passphrase, not both");
            }
        }

        /** Whether this configuration can open its backups (a passphrase, or a private key). */
        public boolean canDecrypt() {
            return passphrase != null || privateKey != null;
        }
    }

    /**
     * The MariaDB/MySQL server a restore drill loads a backup's database into ({@code
     * drill.database}): reached from the backup machine, never the site's own server. The drill
     * creates its own database there (named per run) and drops it afterwards, so the user needs
     * CREATE and DROP. Default: the local server, {@code root@127.0.0.1:3306}, no password;
     * {@code socket}, when set, is used instead of host and port.
     */
    public record Drill(String host, int port, String socket, String user, Secret password) {

        /** The local server as root, no password. */
        public static final Drill LOCAL = new Drill("127.0.0.1", Database.DEFAULT_PORT, null, "root", null);

        public Drill {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
        }

        /** The database {@code name} on this server, every value explicit (none read from wp-config.php). */
        public Database database(String name) {
            return new Database(host, port, socket, name, user, password);
        }
    }
}
