package org.backupbatch.cli;

import java.util.function.Predicate;
import org.backupbatch.archive.DrillRecord;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.restore.DrillWork;
import org.backupbatch.restore.RestoreKeys;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * {@code job=drill site=X [backup=latest|<id>]}: restores a backup into a scratch place on this
 * machine, checks it as a restore does, removes the place and records the outcome in the
 * backup's manifest. The site's last drill, if it did not complete, is taken up again by the same
 * words, with the backup it resolved the first time; {@code fresh=yes} abandons it.
 */
final class DrillCommand implements JobWord {

    private final Job job;
    private final SiteRegistry sites;

    DrillCommand(Job job, SiteRegistry sites) {
        this.job = job;
        this.sites = sites;
    }

    @Override
    public Launcher.Request request(CommandLine command, Summary summary) {
        String site = command.site();
        String word = command.params().getOrDefault("backup", "latest");
        Predicate<JobParameters> sameSite = p -> site.equals(p.getString(RestoreKeys.PARAM_SITE));
        Predicate<JobParameters> sameWords = sameSite.and(p -> word.equals(p.getString(RestoreKeys.PARAM_BACKUP_WORD)));
        return new Launcher.Request(job, sameSite, sameWords,
                p -> "drill of backup " + p.getString(RestoreKeys.PARAM_BACKUP) + " of site " + site + " (run "
                        + p.getString(RestoreKeys.PARAM_RUN) + ")",
                () -> DrillWork.newRun(sites, site, word),
                last -> DrillWork.abandon(sites, last.getJobParameters()),
                new Launcher.Key(RestoreKeys.PARAM_SITE, site));
    }

    @Override
    public void report(Summary summary, JobExecution execution, boolean completed) {
        ExecutionContext ctx = execution.getExecutionContext();
        summary.add("backup", execution.getJobParameters().getString(RestoreKeys.PARAM_BACKUP))
                .add("status", execution.getStatus()).add("files", ctx.get(RestoreKeys.FILES_RESTORED))
                .add("tables", ctx.get(RestoreKeys.DB_TABLES));
    }

    @Override
    public void conclude(Summary summary, JobExecution execution, boolean completed) {
        summary.add("result", completed ? DrillRecord.OK : DrillRecord.FAILED);
    }
}
