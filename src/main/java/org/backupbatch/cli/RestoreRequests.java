package org.backupbatch.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.restore.RestoreKeys;
import org.backupbatch.restore.RestorePlan;
import org.backupbatch.restore.RestorePlanner;
import org.backupbatch.retention.BackupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * {@code job=restore}: plans before anything starts — {@code dry-run=yes} prints the plan and
 * stops; a new restore over a target that holds something needs {@code confirm=yes} — then says
 * which run to start or continue, and adds the restore's tokens to the summary line.
 */
final class RestoreRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRequests.class);

    private RestoreRequests() {
    }

    /** @return the run to launch, or null when {@code dry-run=yes} printed the plan */
    static JobCommand.Request request(CommandLine command, Job job, SiteRegistry sites, Summary summary)
            throws IOException {
        String site = command.site();
        String target = command.target();
        RestorePlan plan = new RestorePlanner(sites).plan(site, target, command.backup(), command.parts(),
                command.mode());
        plan.describe().forEach(line -> LOG.info("plan: {}", line));
        if (command.dryRun()) {
            plan.describe().forEach(line -> System.out.println("plan: " + line));
            System.out.println(summary.add("backup", plan.manifest().id()).add("status", "DRY_RUN")
                    .add("parts", plan.parts()).add("mode", plan.mode()));
            return null;
        }
        String id = plan.manifest().id();
        JobParameters parameters = new JobParametersBuilder()
                .addString(RestoreKeys.PARAM_SITE, site)
                .addString(RestoreKeys.PARAM_TARGET, target)
                .addString(RestoreKeys.PARAM_BACKUP, id)
                .addString(RestoreKeys.PARAM_PARTS, plan.parts())
                .addString(RestoreKeys.PARAM_MODE, plan.mode())
                .addString(RestoreKeys.PARAM_RUN, BackupId.of(Instant.now()).value())
                .toJobParameters();
        Predicate<JobParameters> sameTarget = p -> target.equals(p.getString(RestoreKeys.PARAM_TARGET));
        Predicate<JobParameters> sameRequest = p -> site.equals(p.getString(RestoreKeys.PARAM_SITE))
                && id.equals(p.getString(RestoreKeys.PARAM_BACKUP))
                && plan.parts().equals(p.getString(RestoreKeys.PARAM_PARTS))
                && plan.mode().equals(p.getString(RestoreKeys.PARAM_MODE));
        return new JobCommand.Request(job, parameters, sameTarget, sameRequest,
                p -> "restore of backup " + p.getString(RestoreKeys.PARAM_BACKUP) + " of site "
                        + p.getString(RestoreKeys.PARAM_SITE) + " into site " + p.getString(RestoreKeys.PARAM_TARGET)
                        + " (parts " + p.getString(RestoreKeys.PARAM_PARTS) + ", mode " + p.getString(RestoreKeys.PARAM_MODE)
                        + ")",
                () -> requireConfirm(plan, command));
    }

    /** A new restore over a target that holds something needs confirm=yes (not a resumed one). */
    private static void requireConfirm(RestorePlan plan, CommandLine command) {
        if (plan.targetHasContent() && !command.confirm()) {
            throw new ConfigurationError("site " + plan.target() + " is not empty (" + plan.targetEntries()
                    + " entries in " + plan.targetConfig().files().remotePath() + (plan.database() ? ", "
                            + plan.targetTables() + " tables in its database" : "") + "): restoring overwrites them. "
                    + "Add confirm=yes (a safety snapshot of what is overwritten is taken first), or dry-run=yes to "
                    + "see the plan");
        }
    }

    /** The restore's tokens: backup, status, parts, mode, what was restored and checked. */
    static void report(Summary summary, JobExecution execution, boolean completed) {
        JobParameters p = execution.getJobParameters();
        ExecutionContext ctx = execution.getExecutionContext();
        summary.add("backup", p.getString(RestoreKeys.PARAM_BACKUP)).add("status", execution.getStatus())
                .add("parts", p.getString(RestoreKeys.PARAM_PARTS)).add("mode", p.getString(RestoreKeys.PARAM_MODE))
                .add("files", ctx.get(RestoreKeys.FILES_RESTORED)).add("deleted", ctx.get(RestoreKeys.FILES_DELETED))
                .add("tables", ctx.get(RestoreKeys.DB_TABLES)).add("url_values", ctx.get(RestoreKeys.URL_CHANGED))
                .add("snapshot", ctx.get(RestoreKeys.SNAPSHOT_ID));
        if (completed) {
            summary.add("checked", Objects.requireNonNullElse(ctx.get(RestoreKeys.CHECKED), ""));
        }
    }
}
