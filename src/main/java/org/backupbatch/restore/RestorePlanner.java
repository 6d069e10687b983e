package org.backupbatch.restore;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.remote.RemoteSql;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.retention.BackupCatalog;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * Decides a {@link RestorePlan}: finds the backup ({@code latest}: the newest complete backup of
 * the site that is not a pre-restore snapshot), reads its manifest, and looks at what the target
 * holds now. Changes nothing; used for {@code dry-run=yes}, for the confirm check before the job
 * starts, and by the job's plan step.
 */
public final class RestorePlanner {

    private final SiteRegistry sites;

    public RestorePlanner(SiteRegistry sites) {
        this.sites = sites;
    }

    /** @param parts {@code files} and/or {@code db}; null: what the backup holds */
    public RestorePlan plan(String site, String target, String backupWord, Set<String> parts, String mode)
            throws IOException {
        SiteConfig source = sites.site(site);
        SiteConfig targetConfig = sites.site(target);
        BackupFiles backup = find(source, site, backupWord);
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(backup.manifest()));
        boolean files = parts == null ? manifest.files() != null : parts.contains("files");
        boolean database = parts == null ? manifest.database() != null : parts.contains("db");
        if (files && manifest.files() == null) {
            throw new ConfigurationError("parts=files: backup " + backup.id() + " of site " + site + " has no files");
        }
        if (database && manifest.database() == null) {
            throw new ConfigurationError("parts=db: backup " + backup.id() + " of site " + site + " has no database;"
                    + " use parts=files");
        }
        if (database && targetConfig.database() == null) {
            throw new ConfigurationError(targetConfig.sourceFile() + ": site " + target + " has no database section to"
                    + " restore the database into; use parts=files or configure it");
        }
        String urlFrom = manifest.siteUrl() != null ? manifest.siteUrl() : source.site().url();
        String urlTo = targetConfig.site().url() != null ? targetConfig.site().url() : urlFrom;
        try (Shell shell = SiteShells.open(targetConfig)) {
            long entries = files ? entries(shell, targetConfig.files().remotePath()) : 0;
            long tables = database ? tables(shell, targetConfig) : -1;
            return new RestorePlan(site, target, backup, manifest, targetConfig, files, database, mode, urlFrom, urlTo,
                    entries, tables);
        }
    }

    private static BackupFiles find(SiteConfig source, String site, String word) throws IOException {
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

    private static long tables(Shell shell, SiteConfig target) throws IOException {
        SiteConfig.Database db = DatabaseSettings.resolve(target, shell);
        if (db == null || db.name() == null) {
            throw new ConfigurationError(target.sourceFile() + ": the database of site " + target.site().name()
                    + " is unknown (no wp-config.php there yet): set database.name, user and password");
        }
        List<String> rows = new RemoteSql(shell, db).query(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
        return Long.parseLong(rows.get(0).strip());
    }
}
