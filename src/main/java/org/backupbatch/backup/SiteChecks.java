package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.config.HostKeyPolicy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.remote.Compressor;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.remote.RemoteChecks;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.remote.SizeEstimate;
import org.backupbatch.remote.TableSelection;
import org.backupbatch.ssh.Shell;
import org.backupbatch.ssh.SshShell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check a backup needs to pass before any transfer, written once for the backup's validate
 * step and for {@code job=validate}: the destination can be written, the encryption keys can be
 * used, the SSH login works with a known host key, the files folder and the remote tools are
 * there, the database settings are complete and the login works.
 *
 * <p>Two modes. {@link #beforeBackup} is the validate step's: the work folder is made, a new host
 * key is recorded under accept-new, and the first failing check throws its own exception (so the
 * step's retries and exit codes stay what they are). {@link #withoutWriting} is {@code
 * job=validate}'s: nothing is made anywhere (the destination is inspected, a new host key is
 * accepted for this session only), every check that can run does, each outcome is recorded as a
 * {@link CheckResult}, and the sizes are estimated against the destination's free space
 * ({@link SpaceCheck}).
 */
public final class SiteChecks {

    private static final Logger LOG = LoggerFactory.getLogger(SiteChecks.class);

    /**
     * What the checks found that a backup records.
     *
     * @param tools    tool name → version, as the manifest keeps them; null when not checked
     * @param database the database as resolved (wp-config.php read); null when the site has none
     * @param programs whether routines and events can be dumped; null without a database
     */
    public record Findings(Map<String, String> tools, SiteConfig.Database database, Boolean programs) {
    }

    /**
     * What {@link #withoutWriting} measured, in bytes; each null when it could not be measured.
     *
     * @param files    the selected files' apparent sizes
     * @param database the selected tables' data
     * @param free     the space free where the archives go
     */
    public record Estimate(Long files, Long database, Long free) {
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws IOException;
    }

    private final SiteConfig config;
    private final Path siteFolder;
    private final Path workFolder;
    private final List<CheckResult> results = new ArrayList<>();
    private Estimate estimate = new Estimate(null, null, null);

    private SiteChecks(SiteConfig config, Path siteFolder, Path workFolder) {
        this.config = config;
        this.siteFolder = siteFolder;
        this.workFolder = workFolder;
    }

    /**
     * The validate step's checks: they make {@code workFolder} (0700) and stop at the first
     * failure, with its own exception.
     *
     * @param siteFolder {@code <destination>/<site>}
     */
    public static SiteChecks beforeBackup(SiteConfig config, Path siteFolder, Path workFolder) {
        return new SiteChecks(config, siteFolder, workFolder);
    }

    /** {@code job=validate}'s checks: nothing written, every outcome recorded, sizes estimated. */
    public static SiteChecks withoutWriting(SiteConfig config) {
        return new SiteChecks(config, config.backup().destination().resolve(config.site().name()), null);
    }

    /** The outcomes so far, in the order the checks ran. */
    public List<CheckResult> results() {
        return List.copyOf(results);
    }

    /** The sizes measured by {@link #remote()} without writing; all null before, or before a backup. */
    public Estimate estimate() {
        return estimate;
    }

    private boolean writing() {
        return workFolder != null;
    }

    /** The checks on this machine: the destination and the encryption keys. */
    public void local() throws IOException {
        check("destination", "make " + config.backup().destination() + " writable by this user, or set "
                + "backup.destination in " + siteFile(), () -> {
                    destination();
                    return true;
                });
        if (config.backup().encryption() != null) {
            check("encryption keys", "fix backup.encryption in " + siteFile(), () -> {
                BackupEncryption.check(config);
                results.add(CheckResult.ok("encryption keys", "the archives are sealed with OpenPGP"));
                return true;
            });
        }
    }

    private void destination() {
        try {
            if (Files.isDirectory(siteFolder) && PrivateFiles.readableByOthers(siteFolder)) {
                String mode = PrivateFiles.mode(siteFolder);
                LOG.warn("{}: the backup folder {} is readable by other users ({}) and its archives hold the "
                        + "site's secrets; fix it with: chmod 700 {}", config.site().name(), siteFolder, mode,
                        siteFolder.toAbsolutePath());
                results.add(CheckResult.warning("destination permissions", siteFolder + " is readable by other users ("
                        + mode + ") and its archives hold the site's secrets", "chmod 700 " + siteFolder));
            }
            if (writing()) {
                PrivateFiles.folder(workFolder);
                Files.delete(PrivateFiles.tempFile(workFolder, "probe", ".tmp"));
                return;
            }
            Path existing = SpaceCheck.nearestExisting(siteFolder);
            if (!Files.isDirectory(existing) || !Files.isWritable(existing)) {
                throw new IOException(existing + " is not a folder this user can write in");
            }
            results.add(CheckResult.ok("destination", siteFolder + (existing.equals(siteFolder) ? " is writable"
                    : " will be made in " + existing + ", which is writable")));
        } catch (IOException e) {
            Path where = writing() ? workFolder : siteFolder;
            throw new ConfigurationError("backup.destination: cannot write in " + where + ": " + e, e);
        }
    }

    /**
     * The checks where the site lives, on one SSH session (or this machine for the local
     * transport); with {@link #withoutWriting}, the size estimates too.
     */
    public Findings remote() throws IOException {
        try (Shell shell = check("ssh login", "check ssh.host, ssh.port, ssh.user and ssh.private_key_path in "
                + siteFile() + "; the account's ~/.ssh/authorized_keys must hold the key", this::open)) {
            if (shell == null) {
                return new Findings(null, null, null);
            }
            RemoteChecks checks = new RemoteChecks(shell);
            Map<String, String> tools = tools(shell, checks);
            SiteConfig.Database db = database(shell);
            Boolean programs = db == null ? null : login(checks, db);
            if (!writing()) {
                // the files are measured when their folder and tools are there, the tables when the login works
                estimate = new SpaceCheck(config, siteFolder, results).estimate(shell, tools != null,
                        programs != null ? db : null);
            }
            return new Findings(tools, db, programs);
        }
    }

    private Shell open() throws IOException {
        Shell shell;
        try {
            shell = writing() ? SiteShells.open(config) : SiteShells.openWithoutRecording(config);
        } catch (RuntimeException | IOException e) {
            if (!writing() && String.valueOf(e.getMessage()).startsWith("host key of")) {
                // the host key check is the first half of the login: name it as what failed
                results.add(CheckResult.error("host key", e.getMessage(), "check the server's fingerprint with the "
                        + "host, then add its key to " + config.ssh().knownHosts() + " as the message says"));
                return null;
            }
            throw e;
        }
        if (shell instanceof SshShell ssh) {
            results.add(ssh.hostKeyUnrecorded()
                    ? CheckResult.warning("host key", ssh.hostKey() + " is not in " + config.ssh().knownHosts()
                            + "; ssh.host_key_policy accept-new will record it at the first backup",
                            "check this fingerprint with the host before the first backup")
                    : CheckResult.ok("host key", ssh.hostKey() + " is in " + config.ssh().knownHosts()
                            + (config.ssh().hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW ? " (accept-new)" : "")));
        }
        results.add(CheckResult.ok("ssh login", shell.describe() + (shell instanceof SshShell
                ? " with the key " + config.ssh().privateKeyPath() : " (transport local: no SSH)")));
        return shell;
    }

    private Map<String, String> tools(Shell shell, RemoteChecks checks) throws IOException {
        String path = config.files().remotePath();
        RemoteChecks.Probe probe = check("tools", "check the SSH account's shell and PATH", () ->
                checks.probe(path, config.database() != null));
        if (probe == null) {
            return null;
        }
        Boolean folder = check("remote path", "set files.remote_path in " + siteFile() + " to the site's folder "
                + "(ls it over ssh: it must be readable by " + shell.describe() + ")", () -> {
                    probe.requireFolder();
                    results.add(CheckResult.ok("remote path", path + " is a readable folder"));
                    return true;
                });
        Map<String, String> tools = check("tools", "install them, or ask the host (GNU tar, gzip and coreutils, "
                + "and mysqldump for the database, are needed)", () -> {
                    Map<String, String> versions = probe.requireTools();
                    results.add(CheckResult.ok("tools", describeTools(versions)));
                    return versions;
                });
        if (tools != null) {
            LOG.info("{}: tools on {}: {}", config.site().name(), shell.describe(), tools);
            compression(tools);
            mode();
        }
        return folder == null ? null : tools;
    }

    /** Which compressor the streams will use: {@code backup.compression} and what the host has. */
    private void compression(Map<String, String> tools) throws IOException {
        String setting = config.backup().compression();
        check("compression", "install pigz on the host, or set backup.compression: auto in " + siteFile(), () -> {
            Compressor chosen = Compressor.choose(setting, config.backup().compressionLevel(), tools);
            results.add(CheckResult.ok("compression", chosen + " (backup.compression: " + setting + ")"));
            return chosen;
        });
    }

    /** Issue 15: how the next backup takes the files, incremental against which backup, or full and why. */
    private void mode() {
        SiteConfig.Incremental settings = config.backup().incremental();
        String site = config.site().name();
        FilesMode mode = FilesMode.choose(settings, new org.backupbatch.retention.BackupFiles(siteFolder, site,
                org.backupbatch.retention.BackupId.of(java.time.Instant.now())), config.files().remotePath(),
                config.files().includePatterns(), config.files().excludePatterns(), false,
                config.backup().encryption() != null);
        String how = mode.incremental() ? "incremental against backup " + mode.reference().id()
                + (mode.contentCheck() ? ", with a content check" : "") : "full: " + mode.reason();
        results.add(CheckResult.ok("mode", how + " (backup.mode: " + settings.mode() + ", full_every_days: "
                + settings.fullEveryDays() + ", content_check_every_days: " + settings.contentCheckEveryDays() + ")"));
    }

    private static String describeTools(Map<String, String> versions) {
        StringBuilder text = new StringBuilder();
        for (String tool : List.of("tar", "gzip", "mysqldump", "pigz")) {
            if (versions.containsKey(tool)) {
                text.append(text.isEmpty() ? "" : ", ").append(versions.get(tool).replaceAll(" +", " "));
            }
        }
        return text.append(versions.containsKey("pigz") ? "" : ", no pigz (optional)").toString();
    }

    private SiteConfig.Database database(Shell shell) throws IOException {
        if (config.database() == null) {
            results.add(CheckResult.ok("database", "none configured: the backups hold the files only"));
            return null;
        }
        return check("database settings", "set database.name, database.user and database.password in "
                + siteFile(), () -> {
                    SiteConfig.Database db = DatabaseSettings.resolve(config, shell);
                    // a prefix to dump by but none known: say so before any work
                    TableSelection tables = TableSelection.of(config, db);
                    results.add(CheckResult.ok("database settings", db.identity() + ", tables: "
                            + (tables.takesAll() ? "all" : "prefix " + tables.prefix())));
                    return db;
                });
    }

    private Boolean login(RemoteChecks checks, SiteConfig.Database db) throws IOException {
        Boolean programs = check("database login", "check database.user and database.password in " + siteFile()
                + (config.site().isWordPress() ? " (or DB_USER and DB_PASSWORD in wp-config.php)" : ""),
                () -> checks.databaseLogin(db));
        if (programs == null) {
            return null;
        }
        results.add(CheckResult.ok("database login", db.identity() + " with mysqldump"));
        if (!programs) {
            LOG.warn("{}: routines and events of {} cannot be dumped with this user", config.site().name(), db.name());
            results.add(CheckResult.warning("database programs", programsWarning(db), "grant the user the EVENT "
                    + "privilege (and SHOW ROUTINE), or accept backups without routines and events"));
        }
        return programs;
    }

    /** The warning a backup records when routines and events cannot be dumped. */
    static String programsWarning(SiteConfig.Database db) {
        return "routines and events not dumped: user '" + db.user() + "' may not read them (EVENT privilege missing?)";
    }

    /**
     * Runs one check. Before a backup its failure propagates as thrown; without writing it is
     * recorded as an error and null returned, so that what depends on it is skipped.
     */
    private <T> T check(String name, String fix, Body<T> body) throws IOException {
        try {
            return body.run();
        } catch (IOException | RuntimeException e) {
            if (writing()) {
                throw e;
            }
            if (e instanceof IOException || e instanceof ConfigurationError || e instanceof FatalError) {
                LOG.debug("check {} of site {} failed", name, config.site().name(), e);
            } else {
                // not a failure the check knows how to explain: keep its stack for whoever fixes it
                LOG.warn("check {} of site {} failed unexpectedly", name, config.site().name(), e);
            }
            results.add(CheckResult.error(name, e.getMessage() == null ? e.toString() : e.getMessage(), fix));
            return null;
        }
    }

    /** {@code jobs/<site>.yaml}, as the user knows it. */
    private String siteFile() {
        Path file = config.sourceFile();
        return file.getParent().getFileName() + "/" + file.getFileName();
    }
}
