package org.backupbatch.backup;

import java.time.Instant;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.StoppableTasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Dumps the site's database, gzipped by the server, into the work folder; nothing when it has none. */
class DumpDatabaseTasklet implements StoppableTasklet {

    private static final Logger LOG = LoggerFactory.getLogger(DumpDatabaseTasklet.class);

    private final SiteRegistry sites;
    private volatile Shell shell;

    DumpDatabaseTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        ExecutionContext ctx = run.context();
        DatabaseDumper.Result result;
        SiteConfig.Database db;
        try (Shell opened = SiteShells.open(run.config())) {
            shell = opened;
            db = DatabaseSettings.resolve(run.config(), opened);
            if (db == null) {
                ctx.put(BackupKeys.DB_PRESENT, false);
                LOG.info("{}: no database configured", run.site());
                return RepeatStatus.FINISHED;
            }
            boolean programs = !Boolean.FALSE.equals(ctx.get(BackupKeys.DB_PROGRAMS));
            result = new DatabaseDumper(opened, run.commandTimeout(), run.compressionLevel())
                    .dump(db, programs, run.files().workFolder());
        } finally {
            shell = null;
        }
        ctx.put(BackupKeys.DB_PRESENT, true);
        ctx.putString(BackupKeys.DB_NAME, db.name());
        ctx.putString(BackupKeys.DB_HOST, db.socket() != null ? db.socket() : db.host());
        ctx.putString(BackupKeys.DB_PART, result.gzFile().toString());
        ctx.putString(BackupKeys.DB_SHA, result.sha256());
        ctx.putLong(BackupKeys.DB_BYTES, result.bytes());
        ctx.putString(BackupKeys.DB_RAW_SHA, result.rawSha256());
        ctx.putInt(BackupKeys.DB_TABLES, result.tables());
        ctx.putString(BackupKeys.DB_COMPLETED, result.completedLine());
        ctx.putLong(BackupKeys.DB_MODIFIED, Instant.now().toEpochMilli());
        LOG.info("{}: database {} dumped: {} tables, {} ({} compressed)", run.site(), db.name(), result.tables(),
                Sizes.human(result.bytes()), Sizes.human(result.compressedBytes()));
        return RepeatStatus.FINISHED;
    }

    @Override
    public void stop() {
        Shell current = shell;
        if (current != null) {
            current.abort();
        }
    }
}
