package org.backupbatch.restore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Plans the restore once, before anything changes, and records the decision: the target's
 * identity (in the job repository, no password) and its own wp-config.php (in the target's
 * record), the URL mappings, and the wp-config.php to write (prepared in the work folder, so that
 * a define that cannot be rewritten is known now). Later steps and re-runs hold to this record.
 */
class PlanTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.TARGET_IDENTITY, RestoreKeys.TARGET_HAS_CONTENT,
        RestoreKeys.TARGET_DB_HAS_TABLES, RestoreKeys.URL_MAPPINGS, RestoreKeys.URL_HOME, RestoreKeys.URL_SITEURL,
        RestoreKeys.WP_CONFIG_SHA, RestoreKeys.WP_CONFIG_MODE, RestoreKeys.WP_CONFIG_MTIME, RestoreKeys.PLAN_WARNINGS};

    private static final Logger LOG = LoggerFactory.getLogger(PlanTasklet.class);

    /**
     * Plans the command line made, moments ago, to decide whether to start a restore (by {@link
     * RestoreRun#owner}): the first run of the plan step records that one rather than planning
     * again (another SSH session, the target listed and its database counted again). A restart, in
     * another process, plans anew.
     */
    private static final Map<String, RestorePlan> HANDED_OVER = new ConcurrentHashMap<>();

    private final SiteRegistry sites;

    PlanTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    static void handOver(String owner, RestorePlan plan) {
        HANDED_OVER.put(owner, plan);
    }

    /** The parts as {@link RestorePlan#parts()} writes them. */
    private static List<String> partsInOrder(RestoreRun run) {
        return List.of("files", "db").stream().filter(run.parts()::contains).toList();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        RestorePlan plan = HANDED_OVER.remove(RestoreRun.owner(run.target(), run.runId()));
        if (plan == null || !plan.parts().equals(String.join(",", partsInOrder(run))) || !plan.mode().equals(run.mode())
                || !plan.manifest().id().equals(run.backup().id().value())) {
            plan = new RestorePlanner(sites).plan(new RestorePlanner.Request(run.site(), run.target(),
                    run.parts(), run.mode(), run.keepBackupCredentials()), run.backup(), run.plainArchive());
        }
        plan.describe().forEach(line -> LOG.info("plan: {}", line));
        TargetRecord record = TargetRecord.of(run.targetConfig());
        if (!record.exists()) {
            record.save(plan.identity(), plan.targetDatabase().wpConfig());
        }
        var out = run.outputs();
        out.putString(RestoreKeys.TARGET_IDENTITY, plan.identity().toJson());
        out.put(RestoreKeys.TARGET_HAS_CONTENT, plan.targetHasContent());
        out.put(RestoreKeys.TARGET_DB_HAS_TABLES, plan.database() && plan.targetTables() > 0);
        out.putString(RestoreKeys.URL_MAPPINGS, plan.urls().record());
        putIfKnown(out, RestoreKeys.URL_HOME, plan.urls().toHome());
        putIfKnown(out, RestoreKeys.URL_SITEURL, plan.urls().toSite());
        if (plan.wpConfig() != null) {
            Path file = PrivateFiles.write(run.workFolder().resolve("wp-config.php"), plan.wpConfig().content());
            out.putString(RestoreKeys.WP_CONFIG_SHA, Sha256.of(file));
            out.putInt(RestoreKeys.WP_CONFIG_MODE, plan.wpConfig().mode());
            out.putLong(RestoreKeys.WP_CONFIG_MTIME, plan.wpConfig().mtime());
        }
        ArrayList<String> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(outsideLinks(run));
        warnings.forEach(w -> LOG.warn("plan: warning: {}", w));
        out.put(RestoreKeys.PLAN_WARNINGS, warnings);
        return RepeatStatus.FINISHED;
    }

    /** The links the archive's verification found pointing outside the site: restored as links. */
    @SuppressWarnings("unchecked")
    private static List<String> outsideLinks(RestoreRun run) {
        List<String> lines = new ArrayList<>();
        Object listed = run.job().get(RestoreKeys.LINKS_OUTSIDE_LIST);
        if (listed != null) {
            ((List<String>) listed).forEach(link -> lines.add("link " + link + " points outside the site (restored as "
                    + "a link, as it was)"));
        }
        Object count = run.job().get(RestoreKeys.LINKS_OUTSIDE);
        long more = (count instanceof Number n ? n.longValue() : 0) - lines.size();
        if (more > 0) {
            lines.add(more + " more links point outside the site (listed in the log of the verifyArchive step)");
        }
        return lines;
    }

    private static void putIfKnown(org.springframework.batch.infrastructure.item.ExecutionContext out, String key,
            String value) {
        if (value != null) {
            out.putString(key, value);
        }
    }
}
