package org.backupbatch.restore;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.archive.TarContents;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.config.WpConfigRewriter;
import org.backupbatch.remote.FilesRestorer;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Restores the files part into the target's folder (overlay, or mirror: also deleting what the
 * target's patterns select that the backup lacks); for a WordPress site restored into another
 * one, points the restored wp-config.php at the target's own database.
 */
class RestoreFilesTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.FILES_RESTORED, RestoreKeys.FILES_DELETED};

    private static final Logger LOG = LoggerFactory.getLogger(RestoreFilesTasklet.class);

    private final SiteRegistry sites;

    RestoreFilesTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        if (!run.parts().contains("files")) {
            return RepeatStatus.FINISHED;
        }
        Manifest manifest = ArchiveParts.manifest(run);
        String path = run.targetConfig().files().remotePath();
        boolean rewrite = !run.site().equals(run.target()) && run.targetConfig().site().isWordPress();
        try (Shell shell = SiteShells.open(run.targetConfig())) {
            SiteConfig.Database targetDb = rewrite ? TargetDatabase.forWpConfig(run, shell) : null;
            FilesRestorer restorer = new FilesRestorer(shell, run.commandTimeout());
            if (run.mode().equals("mirror")) {
                // before extracting, so that tar sets the folders' mtimes last
                try (SortedPaths kept = paths(run, manifest)) {
                    long deleted = restorer.deleteOthers(path, selector(run.targetConfig()), kept, run.workFolder());
                    run.outputs().putLong(RestoreKeys.FILES_DELETED, deleted);
                    LOG.info("{}: mirror: {} paths the backup lacks deleted", run.target(), deleted);
                }
            }
            try (InputStream files = ArchiveParts.filesAsTarGz(run.backup().archive(), manifest)) {
                restorer.extract(files, path);
            }
            run.outputs().putLong(RestoreKeys.FILES_RESTORED, manifest.files().entries());
            if (rewrite) {
                pointWpConfigAt(shell, path, targetDb, run.targetConfig().site().url());
            }
        }
        LOG.info("{}: {} entries restored into {}", run.target(), manifest.files().entries(), path);
        return RepeatStatus.FINISHED;
    }

    /** The backup's paths, sorted in a file of the restore's work folder; the caller closes the list. */
    static SortedPaths paths(RestoreRun run, Manifest manifest) throws IOException {
        try (InputStream in = ArchiveParts.member(run.backup().archive(), manifest, "files")) {
            return TarContents.paths(in, "backup-" + manifest.id() + "/files", run.workFolder());
        }
    }

    private static FileSelector selector(SiteConfig target) {
        return new FileSelector(target.files().includePatterns(), target.files().excludePatterns());
    }

    /**
     * Rewrites the DB_* defines of the restored wp-config.php (and WP_HOME/WP_SITEURL when it
     * defines them and the URL changes); every other byte stays, whatever its encoding.
     */
    private static void pointWpConfigAt(Shell shell, String path, SiteConfig.Database db, String url)
            throws IOException {
        Duration timeout = Duration.ofMinutes(2);
        ByteArrayOutputStream php = new ByteArrayOutputStream();
        CommandResult read = shell.run("cd -- " + quote(path) + " && exec cat wp-config.php", null, php, timeout);
        if (read.exitStatus() != 0) {
            LOG.warn("no wp-config.php restored in {}: nothing to point at the target's database", path);
            return;
        }
        String source = php.toString(StandardCharsets.ISO_8859_1);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DB_NAME", db.name());
        values.put("DB_USER", db.user());
        values.put("DB_PASSWORD", db.password().reveal());
        for (String[] define : new String[][] {{"DB_HOST", wpHost(db)}, {"WP_HOME", url}, {"WP_SITEURL", url}}) {
            if (define[1] != null && source.contains(define[0])) {
                values.put(define[0], define[1]);
            }
        }
        values.replaceAll((k, v) -> new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        String rewritten = WpConfigRewriter.rewrite(source, values);
        // the folder's mtime, as restored, is put back after the rename changed it
        String script = "cd -- " + quote(path) + " || exit 97\n"
                + "m=$(stat -c %Y .) && cp -p wp-config.php .wp-config.php.backup-batch "
                + "&& cat > .wp-config.php.backup-batch && mv .wp-config.php.backup-batch wp-config.php "
                + "&& touch -d \"@$m\" .";
        CommandResult written = shell.run(script,
                new ByteArrayInputStream(rewritten.getBytes(StandardCharsets.ISO_8859_1)), OutputStream.nullOutputStream(),
                timeout);
        if (written.exitStatus() != 0) {
            throw new IOException("writing wp-config.php in " + path + " on " + shell.describe() + " failed: "
                    + written.stderrTail(3));
        }
        LOG.info("wp-config.php in {} now points at database {}", path, db.name());
    }

    private static String wpHost(SiteConfig.Database db) {
        if (db.socket() != null) {
            return db.host() + ":" + db.socket();
        }
        return db.port() == SiteConfig.Database.DEFAULT_PORT ? db.host() : db.host() + ":" + db.port();
    }
}
