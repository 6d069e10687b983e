package org.backupbatch.cli;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.restore.RestoreKeys;
import org.backupbatch.restore.RestorePlan;
import org.backupbatch.restore.RestorePlanner;
import org.backupbatch.restore.RestoreWork;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * {@code job=restore}: the last restore into the target, if it did not complete, is resumed by
 * the same words, with the backup it resolved the first time ({@code backup=latest} is not
 * resolved again). A new restore is planned first: {@code dry-run=yes} prints the plan and stops;
 * a target that holds something needs {@code confirm=yes}; the source backup is pinned against
 * pruning; then the job starts.
 */
final class RestoreCommand implements JobWord {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);

    private final Job job;
    private final SiteRegistry sites;

    RestoreCommand(Job job, SiteRegistry sites) {
        this.job = job;
        this.sites = sites;
    }

    @Override
    public Launcher.Request request(CommandLine command, Summary summary) throws Exception {
        String site = command.site();
        String target = command.target();
        summary.add("target", target);
        RestorePlanner.Request words = new RestorePlanner.Request(site, target, command.parts(), command.mode(),
                command.keepBackupCredentials());
        // from=<copy>: the backup is brought back into the local folder first, then restored as any other
        String backupWord = CopyWords.fetch(sites.site(site), site, command);
        if (command.dryRun()) {
            RestorePlan plan = plan(words, backupWord);
            plan.describe().forEach(line -> System.out.println("plan: " + line));
            Interrupts.current().finish(summary.add("backup", plan.manifest().id()).add("status", "DRY_RUN")
                    .add("parts", plan.parts()).add("mode", plan.mode()));
            return null;
        }
        String partsWord = Objects.requireNonNullElse(command.partsWord(), "");
        String keep = command.keepBackupCredentials() ? "yes" : "no";
        Predicate<JobParameters> sameTarget = p -> target.equals(p.getString(RestoreKeys.PARAM_TARGET));
        Predicate<JobParameters> sameWords = p -> site.equals(p.getString(RestoreKeys.PARAM_SITE))
                && command.backup().equals(p.getString(RestoreKeys.PARAM_BACKUP_WORD))
                && partsWord.equals(p.getString(RestoreKeys.PARAM_PARTS_WORD))
                && command.mode().equals(p.getString(RestoreKeys.PARAM_MODE))
                && keep.equals(p.getString(RestoreKeys.PARAM_KEEP_CREDENTIALS));
        return new Launcher.Request(job, sameTarget, sameWords, RestoreCommand::describe, () -> {
            RestorePlan plan = plan(words, backupWord);
            requireConfirm(plan, command);
            String run = BackupId.of(Instant.now()).value();
            RestoreWork.start(plan, run);
            return new JobParametersBuilder()
                    .addString(RestoreKeys.PARAM_SITE, site)
                    .addString(RestoreKeys.PARAM_TARGET, target)
                    .addString(RestoreKeys.PARAM_BACKUP, plan.manifest().id())
                    .addString(RestoreKeys.PARAM_BACKUP_WORD, command.backup())
                    .addString(RestoreKeys.PARAM_PARTS, plan.parts())
                    .addString(RestoreKeys.PARAM_PARTS_WORD, partsWord)
                    .addString(RestoreKeys.PARAM_MODE, plan.mode())
                    .addString(RestoreKeys.PARAM_KEEP_CREDENTIALS, keep)
                    .addString(RestoreKeys.PARAM_RUN, run)
                    .toJobParameters();
        }, last -> RestoreWork.abandon(sites, last.getJobParameters()), new Launcher.Key(RestoreKeys.PARAM_TARGET, target));
    }

    private RestorePlan plan(RestorePlanner.Request words, String backupWord) throws Exception {
        BackupFiles backup = RestorePlanner.find(sites.site(words.site()), words.site(), backupWord);
        RestorePlan plan = new RestorePlanner(sites).plan(words, backup);
        // the job's plan step logs the plan it records; this one only decides whether to start
        plan.describe().forEach(line -> LOG.debug("plan: {}", line));
        return plan;
    }

    private static String describe(JobParameters p) {
        return "restore of backup " + p.getString(RestoreKeys.PARAM_BACKUP) + " of site "
                + p.getString(RestoreKeys.PARAM_SITE) + " into site " + p.getString(RestoreKeys.PARAM_TARGET)
                + " (parts " + p.getString(RestoreKeys.PARAM_PARTS) + ", mode " + p.getString(RestoreKeys.PARAM_MODE) + ")";
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

    @Override
    public void report(Summary summary, JobExecution execution, boolean completed) {
        JobParameters p = execution.getJobParameters();
        ExecutionContext ctx = execution.getExecutionContext();
        summary.add("backup", p.getString(RestoreKeys.PARAM_BACKUP)).add("status", execution.getStatus())
                .add("parts", p.getString(RestoreKeys.PARAM_PARTS)).add("mode", p.getString(RestoreKeys.PARAM_MODE))
                .add("files", ctx.get(RestoreKeys.FILES_RESTORED)).add("entries", ctx.get(RestoreKeys.ENTRIES_RESTORED))
                .add("deleted", ctx.get(RestoreKeys.FILES_DELETED)).add("tables", ctx.get(RestoreKeys.DB_TABLES))
                .add("url_values", ctx.get(RestoreKeys.URL_CHANGED)).add("url_plain", ctx.get(RestoreKeys.URL_PLAIN))
                .add("url_json", ctx.get(RestoreKeys.URL_JSON)).add("snapshot", ctx.get(RestoreKeys.SNAPSHOT_ID));
        if (completed) {
            summary.add("checked", Objects.requireNonNullElse(ctx.get(RestoreKeys.CHECKED), ""))
                    .add("warnings", ctx.get(RestoreKeys.WARNINGS_COUNT));
        }
    }
}
