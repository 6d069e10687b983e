package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.remote.RemoteChecks;
import org.backupbatch.remote.Retries;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.remote.TableSelection;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Checks everything a backup needs before any transfer starts: the local destination is
 * writable, the encryption keys can be used, the SSH login works (host key checked), the files
 * folder and the remote tools are there (their versions are recorded), and the database login
 * works.
 */
class ValidateTasklet implements Tasklet {

    static final String[] OUTPUTS = {BackupKeys.TOOLS, BackupKeys.DB_PROGRAMS, BackupKeys.WARNINGS_VALIDATE};

    private static final Logger LOG = LoggerFactory.getLogger(ValidateTasklet.class);

    private final SiteRegistry sites;

    ValidateTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        checkWritable(run);
        SiteConfig config = run.config();
        BackupEncryption.check(config);
        Retries.run(run.site() + ": validating", config.backup(), () -> {
            check(run, config);
            return null;
        });
        return RepeatStatus.FINISHED;
    }

    private static void check(BackupRun run, SiteConfig config) throws IOException {
        try (Shell shell = SiteShells.open(config)) {
            RemoteChecks checks = new RemoteChecks(shell);
            HashMap<String, String> tools = new HashMap<>(checks.tools(config.files().remotePath(),
                    config.database() != null));
            SiteConfig.Database db = DatabaseSettings.resolve(config, shell);
            run.outputs().put(BackupKeys.TOOLS, tools);
            LOG.info("{}: tools on {}: {}", run.site(), shell.describe(), tools);
            if (db != null) {
                TableSelection.of(config, db); // a prefix to dump by but none known: say so before any work
                boolean programs = checks.databaseLogin(db);
                run.outputs().put(BackupKeys.DB_PROGRAMS, programs);
                if (!programs) {
                    run.outputs().putString(BackupKeys.WARNINGS_VALIDATE, "routines and events not dumped: user '"
                            + db.user() + "' may not read them (EVENT privilege missing?)");
                    LOG.warn("{}: routines and events of {} cannot be dumped with this user", run.site(), db.name());
                }
            }
        }
    }

    /** Makes the work folder (0700, with the site's folder when missing) and writes a probe in it. */
    private static void checkWritable(BackupRun run) {
        Path workFolder = run.files().workFolder();
        try {
            warnWhenReadableByOthers(run.site(), run.files().siteFolder());
            PrivateFiles.folder(workFolder);
            Files.delete(PrivateFiles.tempFile(workFolder, "probe", ".tmp"));
        } catch (IOException e) {
            throw new ConfigurationError("backup.destination: cannot write in " + workFolder + ": " + e, e);
        }
    }

    /**
     * A destination made by an earlier version or by hand may let others list and read the
     * archives (the new files are 0600, older ones may not be): say so, with the fix, once a run.
     */
    private static void warnWhenReadableByOthers(String site, Path siteFolder) throws IOException {
        if (Files.isDirectory(siteFolder) && PrivateFiles.readableByOthers(siteFolder)) {
            LOG.warn("{}: the backup folder {} is readable by other users ({}) and its archives hold the site's "
                    + "secrets; fix it with: chmod 700 {}", site, siteFolder, PrivateFiles.mode(siteFolder),
                    siteFolder.toAbsolutePath());
        }
    }
}
