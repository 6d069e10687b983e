package org.backupbatch.restore;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.remote.RemoteSql;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.retention.BackupCatalog;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * Decides a {@link RestorePlan}: reads the backup's manifest (and its wp-config.php), decides the
 * target's identity and database ({@link TargetDatabase}), refuses a restore into another site
 * that is in fact the source's place, computes the URL mappings and the wp-config.php to write,
 * and looks at what the target holds now. Changes nothing; used for {@code dry-run=yes}, for the
 * checks before a new restore starts, and by the job's plan step, which records the decision.
 */
public final class RestorePlanner {

    private final SiteRegistry sites;

    public RestorePlanner(SiteRegistry sites) {
        this.sites = sites;
    }

    /** What to restore and how; {@code parts} null means what the backup holds. */
    public record Request(String site, String target, Set<String> parts, String mode, boolean keepBackupCredentials) {
    }

    /**
     * Plans before the job has verified the archive (an encrypted one is decrypted as it is read;
     * a backup whose key the source site does not give is refused now).
     */
    public RestorePlan plan(Request request, BackupFiles backup) throws IOException {
        return plan(request, backup, BackupDecryption.forPlanning(sites.site(request.site()), backup));
    }

    /** Plans, reading the backup's plain archive from {@code archive}. */
    RestorePlan plan(Request request, BackupFiles backup, PlainArchive archive) throws IOException {
        SiteConfig source = sites.site(request.site());
        SiteConfig targetConfig = sites.site(request.target());
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(backup.manifest()));
        boolean files = request.parts() == null ? manifest.files() != null : request.parts().contains("files");
        boolean database = request.parts() == null ? manifest.database() != null : request.parts().contains("db");
        checkParts(request, backup, manifest, targetConfig, files, database);
        boolean sameSite = request.site().equals(request.target());
        ArchiveParts.Entry wpConfig = targetConfig.site().isWordPress() && files
                ? ArchiveParts.entry(archive, manifest, "wp-config.php") : null;
        UrlPlan urls = UrlPlan.of(manifest, source, targetConfig);
        try (Shell shell = SiteShells.open(targetConfig)) {
            TargetDatabase.Decided decided = TargetDatabase.decide(targetConfig, shell, TargetRecord.of(targetConfig),
                    sameSite, wpConfig == null ? null : wpConfig.content());
            if (!sameSite) {
                refuseSourcePlace(decided.identity(), source, manifest, request);
            }
            if (database && decided.database() == null) {
                throw unknownDatabase(targetConfig);
            }
            WpConfigPlan rewrite = null;
            if (wpConfig != null) {
                if (!sameSite && decided.database() == null) {
                    throw unknownDatabase(targetConfig);
                }
                SiteConfig.Database credentials = sameSite && request.keepBackupCredentials() ? null : decided.database();
                rewrite = WpConfigPlan.of(wpConfig, credentials, urls, "wp-config.php of backup "
                        + manifest.id() + " of site " + request.site());
            }
            List<String> warnings = new ArrayList<>(rewrite == null ? List.of() : rewrite.warnings());
            long entries = files ? entries(shell, targetConfig.files().remotePath()) : 0;
            long tables = database ? tables(shell, decided.database(), manifest) : -1;
            return new RestorePlan(request.site(), request.target(), backup, manifest, targetConfig, files, database,
                    request.mode(), urls, decided, rewrite, entries, tables, List.copyOf(warnings));
        }
    }

    private static void checkParts(Request request, BackupFiles backup, Manifest manifest, SiteConfig target,
            boolean files, boolean database) {
        if (files && manifest.files() == null) {
            throw new ConfigurationError("parts=files: backup " + backup.id() + " of site " + request.site()
                    + " has no files; use parts=db");
        }
        if (database && manifest.database() == null) {
            throw new ConfigurationError("parts=db: backup " + backup.id() + " of site " + request.site()
                    + " has no database; use parts=files");
        }
        if (database && target.database() == null) {
            throw new ConfigurationError(target.sourceFile() + ": site " + request.target() + " has no database "
                    + "section to restore the database into; use parts=files or configure it");
        }
    }

    /** A restore into another site must not write into the source's own folder or database. */
    private static void refuseSourcePlace(TargetIdentity target, SiteConfig source, Manifest manifest,
            Request request) {
        String sourceHost = source.ssh() == null ? "local" : source.ssh().host();
        int sourcePort = source.ssh() == null ? 0 : source.ssh().port();
        boolean sameHost = target.sshHost().equals(sourceHost) && target.sshPort() == sourcePort;
        if (sameHost && manifest.files() != null && target.remotePath().equals(manifest.files().remotePath())) {
            throw new ConfigurationError("target=" + request.target() + " is the folder " + target.folder()
                    + " of site " + request.site() + " itself; restoring into another site must not write into the "
                    + "source's folder. Check files.remote_path of " + request.target());
        }
        Manifest.DatabasePart db = manifest.database();
        if (db != null && target.dbName() != null && target.dbName().equals(db.name())
                && target.sameDatabaseServer(sourceHost, db.host())) {
            throw new ConfigurationError("target=" + request.target() + " would write into database " + db.name()
                    + " on " + sourceHost + ", the database of site " + request.site() + " itself (the target's "
                    + "database comes from " + target.origin() + "); set database.name, user and password in the "
                    + "site file of " + request.target());
        }
    }

    private static ConfigurationError unknownDatabase(SiteConfig target) {
        return new ConfigurationError(target.sourceFile() + ": the database of site " + target.site().name()
                + " is unknown (no wp-config.php in " + target.files().remotePath() + " yet): set database.name, user "
                + "and password");
    }

    /** The complete backup a word names: an id, or {@code latest} (the newest that is not a pre-restore snapshot). */
    public static BackupFiles find(SiteConfig source, String site, String word) throws IOException {
        List<BackupFiles> all = BackupCatalog.complete(source.backup().destination().resolve(site), site);
        if (word.equals("latest")) {
            for (int i = all.size() - 1; i >= 0; i--) {
                Manifest m = Manifest.fromJson(Files.readAllBytes(all.get(i).manifest()));
                if (!Manifest.KIND_PRE_RESTORE.equals(m.kind())) {
                    return all.get(i);
                }
            }
            throw new ConfigurationError("backup=latest: site " + site + " has no complete backup in "
                    + source.backup().destination().resolve(site));
        }
        BackupId id = BackupId.parse(word).orElseThrow(() -> new ConfigurationError("backup=" + word
                + ": not a backup id (yyyyMMdd'T'HHmmss'Z') nor latest"));
        return all.stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow(() -> new ConfigurationError(
                "backup=" + word + ": no complete backup " + word + " of site " + site + " in "
                        + source.backup().destination().resolve(site) + "; there are: "
                        + String.join(", ", all.stream().map(b -> b.id().value()).toList())));
    }

    /** Entries directly in the folder (0 when it is missing or empty). */
    private static long entries(Shell shell, String remotePath) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = shell.run("cd -- " + quote(remotePath) + " 2>/dev/null || exit 0\n"
                + "find . -mindepth 1 -maxdepth 1 | wc -l", null, out, Duration.ofMinutes(2));
        if (result.exitStatus() != 0) {
            throw new IOException("looking into " + remotePath + " on " + shell.describe() + " failed: "
                    + result.stderrTail(3));
        }
        String text = out.toString(StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    /** Tables of the target that the restore replaces (all its tables when the backup did not list them). */
    private static long tables(Shell shell, SiteConfig.Database db, Manifest manifest) throws IOException {
        String sql = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";
        if (manifest.database().rows() != null && !manifest.database().rows().isEmpty()) {
            sql += " AND TABLE_NAME IN (" + manifest.database().rows().keySet().stream().map(RemoteSql::literal)
                    .collect(Collectors.joining(", ")) + ")";
        }
        return Long.parseLong(new RemoteSql(shell, db).query(sql).get(0).strip());
    }
}
