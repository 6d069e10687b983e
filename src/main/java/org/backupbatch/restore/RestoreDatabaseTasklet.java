package org.backupbatch.restore;

import java.io.IOException;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.Streams;
import org.backupbatch.backup.StepTimer;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.DatabaseLoader;
import org.backupbatch.remote.Progress;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.sql.DumpRewriter;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Loads the backup's dump into the target's database (checked to be the one the plan recorded):
 * DEFINER clauses become CURRENT_USER, and the URL mappings of the plan (home and siteurl, each
 * its own) are applied, PHP-serialized and JSON-escaped values included. Only the dump's tables
 * are dropped and created again: no other table of the database is touched. The dump is rewritten
 * as it is streamed to {@code mysql} on the target ({@link RewrittenDump}).
 */
class RestoreDatabaseTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.DB_TABLES, RestoreKeys.URL_CHANGED, RestoreKeys.URL_PLAIN,
        RestoreKeys.URL_JSON};

    private static final Logger LOG = LoggerFactory.getLogger(RestoreDatabaseTasklet.class);

    private final SiteRegistry sites;

    RestoreDatabaseTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        if (!run.parts().contains("db")) {
            return RepeatStatus.FINISHED;
        }
        SiteConfig.Database db = TargetDatabase.checked(run);
        Manifest manifest = ArchiveParts.manifest(run);
        DumpRewriter rewriter = DumpRewriter.copying().withDefinersAsCurrentUser();
        List<String[]> mappings = UrlPlan.parse(run.job().getString(RestoreKeys.URL_MAPPINGS, ""));
        for (String[] mapping : mappings) {
            rewriter = rewriter.withUrlReplaced(mapping[0], mapping[1]);
        }
        DumpRewriter.Result rewritten;
        Manifest.Member member = manifest.member("database");
        try (Shell shell = SiteShells.open(run.targetConfig());
                Progress progress = Progress.start(run.target() + ": loading the dump into " + db.name(),
                        member.length());
                RewrittenDump dump = RewrittenDump.start(new Streams.MeteredInput(
                        ArchiveParts.member(run.plainArchive(), manifest, "database"), progress), rewriter)) {
            IOException failure = null;
            try {
                new DatabaseLoader(shell, run.commandTimeout()).load(db, dump.gzipped());
            } catch (IOException e) {
                failure = e;
            }
            rewritten = dump.finish(failure);
            run.outputs().putLong(StepTimer.BYTES, progress.bytes());
            LOG.info("{}: {} tables loaded into {}; {} DEFINER clauses rewritten, {} values with a URL changed ({})",
                    run.target(), manifest.database().tables(), db.identity(), rewritten.definersRewritten(),
                    rewritten.valuesChanged(), UrlPlan.describe(mappings));
        }
        run.outputs().putInt(RestoreKeys.DB_TABLES, manifest.database().tables());
        run.outputs().putLong(RestoreKeys.URL_CHANGED, rewritten.valuesChanged());
        run.outputs().putLong(RestoreKeys.URL_PLAIN, rewritten.replacements().get("plain"));
        run.outputs().putLong(RestoreKeys.URL_JSON, rewritten.replacements().get("json"));
        return RepeatStatus.FINISHED;
    }
}
