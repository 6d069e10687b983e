package org.backupbatch.cli;

import java.time.Instant;
import java.util.function.Predicate;
import org.backupbatch.backup.BackupKeys;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.util.FileSystemUtils;

/**
 * {@code job=backup site=X}: a new backup gets the id of its start time; the site's last backup,
 * if it failed, is resumed instead. The safety snapshots a restore takes of a site are backup
 * runs too, but never resumed from here: the restore that took them does.
 */
final class BackupCommand implements JobWord {

    private static final Logger LOG = LoggerFactory.getLogger(BackupCommand.class);

    private final Job job;
    private final SiteRegistry sites;

    BackupCommand(Job job, SiteRegistry sites) {
        this.job = job;
        this.sites = sites;
    }

    @Override
    public Launcher.Request request(CommandLine command, Summary summary) {
        String site = command.site();
        Predicate<JobParameters> sameSite = p -> site.equals(p.getString(BackupKeys.PARAM_SITE))
                && p.getString(BackupKeys.PARAM_KIND) == null;
        return new Launcher.Request(job, sameSite, sameSite,
                p -> "backup " + p.getString(BackupKeys.PARAM_ID) + " of site " + site,
                () -> new JobParametersBuilder()
                        .addString(BackupKeys.PARAM_SITE, site)
                        .addString(BackupKeys.PARAM_ID, BackupId.of(Instant.now()).value())
                        .toJobParameters(),
                last -> deleteWork(site, last), new Launcher.Key(BackupKeys.PARAM_SITE, site));
    }

    /** fresh=yes: the abandoned backup's unfinished work goes. */
    private void deleteWork(String site, JobExecution last) {
        BackupFiles files = new BackupFiles(sites.site(site).backup().destination().resolve(site), site,
                BackupId.parse(last.getJobParameters().getString(BackupKeys.PARAM_ID)).orElseThrow());
        FileSystemUtils.deleteRecursively(files.workFolder().toFile());
        LOG.warn("fresh=yes: deleted the work folder {} of the abandoned backup", files.workFolder());
    }

    @Override
    public void report(Summary summary, JobExecution execution, boolean completed) {
        ExecutionContext ctx = execution.getExecutionContext();
        summary.add("id", execution.getJobParameters().getString(BackupKeys.PARAM_ID))
                .add("status", execution.getStatus());
        if (ctx.containsKey(BackupKeys.FILES_REGULAR)) {
            summary.add("files", ctx.getLong(BackupKeys.FILES_REGULAR)).bytes("bytes", ctx.getLong(BackupKeys.FILES_BYTES));
        }
        if (ctx.containsKey(BackupKeys.DB_BYTES)) {
            summary.bytes("db", ctx.getLong(BackupKeys.DB_BYTES));
        }
        if (completed) {
            summary.path("archive", ctx.getString(BackupKeys.ARCHIVE_PATH, null));
            if (ctx.containsKey(BackupKeys.WARNINGS_COUNT)) {
                summary.add("warnings", ctx.getInt(BackupKeys.WARNINGS_COUNT));
            }
            var copies = sites.site(execution.getJobParameters().getString(BackupKeys.PARAM_SITE)).copies();
            if (!copies.isEmpty()) { // the off-site copies that now hold the backup, checked
                summary.add("copies", String.join(",", copies.stream().map(c -> c.name()).toList()));
            }
            if (ctx.containsKey(BackupKeys.FILES_MODE)) { // issue 15: what crossed the network, what was taken over
                summary.add("mode", ctx.getString(BackupKeys.FILES_MODE))
                        .bytes("transferred", ctx.containsKey(BackupKeys.TRANSFERRED)
                                ? ctx.getLong(BackupKeys.TRANSFERRED) : ctx.getLong(BackupKeys.FILES_TRANSFERRED))
                        .bytes("reused", ctx.containsKey(BackupKeys.REUSED)
                                ? ctx.getLong(BackupKeys.REUSED) : ctx.getLong(BackupKeys.FILES_REUSED))
                        .add("reference", ctx.get(BackupKeys.FILES_REFERENCE));
            }
        }
    }
}
