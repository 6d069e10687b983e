package org.backupbatch.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.ArchiveAssembler;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.ToolVersion;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.remote.DatabaseDumper;
import org.backupbatch.remote.FilesStreamer;
import org.backupbatch.remote.RemoteChecks;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.backupbatch.ssh.Shell;

/**
 * The safety snapshot of a restore: a whole backup of the target (its files as its patterns
 * select them, and its database), made, verified and published like any backup, its manifest
 * marked {@code pre-restore}, so that restoring it undoes the restore.
 */
final class SnapshotMaker {

    private SnapshotMaker() {
    }

    static BackupId make(RestoreRun run, SiteConfig.Database db) throws IOException {
        SiteConfig target = run.targetConfig();
        BackupId id = BackupId.of(Instant.now());
        BackupFiles files = new BackupFiles(target.backup().destination().resolve(run.target()), run.target(), id);
        Path work = Files.createDirectories(files.workFolder());
        String root = "backup-" + id.value();
        int level = target.backup().compressionLevel();
        FilesStreamer.Result received;
        DatabaseDumper.Result dumped = null;
        Map<String, String> tools;
        try (Shell shell = SiteShells.open(target)) {
            RemoteChecks checks = new RemoteChecks(shell);
            tools = checks.tools(target.files().remotePath(), db != null);
            received = new FilesStreamer(shell, run.commandTimeout(), level).stream(target.files().remotePath(),
                    target.files().includePatterns(), target.files().excludePatterns(), root, work);
            if (db != null) {
                dumped = new DatabaseDumper(shell, run.commandTimeout(), level).dump(db, checks.databaseLogin(db), work);
            }
        }
        Path archive = work.resolve(files.archive().getFileName() + ".part");
        ArchiveAssembler.DumpPart dump = dumped == null ? null : new ArchiveAssembler.DumpPart(
                new ArchiveAssembler.ReceivedPart(dumped.gzFile(), dumped.sha256()), dumped.bytes(), Instant.now());
        DatabaseDumper.Result d = dumped;
        ArchiveAssembler.Result result = new ArchiveAssembler().assemble(archive, root,
                new ArchiveAssembler.ReceivedPart(received.gzFile(), received.sha256()), dump,
                members -> manifest(run, id, tools, received, db, d, members));
        Path manifest = Files.write(work.resolve("manifest.json"), result.manifest().toJson());
        new ArchiveVerifier().verify(archive, result.manifest().toJson(), result.sha256());
        files.publish(archive, manifest, result.sha256());
        return id;
    }

    private static Manifest manifest(RestoreRun run, BackupId id, Map<String, String> tools,
            FilesStreamer.Result files, SiteConfig.Database db, DatabaseDumper.Result dump, List<Manifest.Member> members) {
        SiteConfig.Files f = run.targetConfig().files();
        var filesPart = new Manifest.FilesPart(f.remotePath(), f.includePatterns(), f.excludePatterns(),
                files.stats().entries(), files.stats().regularFiles(), files.stats().directories(),
                files.stats().symlinks(), files.stats().bytes());
        Manifest.DatabasePart dbPart = dump == null ? null : new Manifest.DatabasePart(db.name(),
                db.socket() != null ? db.socket() : db.host(), dump.bytes(), dump.rawSha256(), dump.tables(),
                dump.completedLine(), dump.rows());
        List<String> warnings = new ArrayList<>(files.warnings());
        warnings.add("safety snapshot taken before restoring backup " + run.backup().id() + " of site " + run.site());
        return new Manifest(Manifest.FORMAT_VERSION, run.target(), id.value(), id.time().toString(), ToolVersion.get(),
                tools, filesPart, dbPart, warnings, members, Manifest.KIND_PRE_RESTORE, run.targetConfig().site().url());
    }
}
