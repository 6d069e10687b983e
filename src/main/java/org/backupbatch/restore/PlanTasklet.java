package org.backupbatch.restore;

import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Logs the plan and records what the target held before anything changed, and which database
 * it is (name, user and host; never the password): a restart refuses to go on if the target's
 * database is then another one.
 */
class PlanTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.TARGET_DB, RestoreKeys.TARGET_HAS_CONTENT,
        RestoreKeys.TARGET_DB_HAS_TABLES};

    private static final Logger LOG = LoggerFactory.getLogger(PlanTasklet.class);

    private final SiteRegistry sites;

    PlanTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        RestorePlan plan = new RestorePlanner(sites).plan(run.site(), run.target(), run.backup().id().value(),
                run.parts(), run.mode());
        plan.describe().forEach(line -> LOG.info("plan: {}", line));
        run.outputs().put(RestoreKeys.TARGET_HAS_CONTENT, plan.targetHasContent());
        run.outputs().put(RestoreKeys.TARGET_DB_HAS_TABLES, plan.database() && plan.targetTables() > 0);
        if (plan.database()) {
            SiteConfig.Database db = TargetDatabase.resolve(run);
            run.outputs().putString(RestoreKeys.TARGET_DB, TargetDatabase.identity(db));
        }
        return RepeatStatus.FINISHED;
    }
}
