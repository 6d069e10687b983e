package org.backupbatch.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.DrillSite;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What the command line needs of a drill before and around its job: the parameters of a new
 * drill (the restore's, into the drill's synthetic site: all the parts the backup holds, overlay)
 * and the removal of an abandoned drill's scratch place ({@code fresh=yes}).
 */
public final class DrillWork {

    private static final Logger LOG = LoggerFactory.getLogger(DrillWork.class);

    private DrillWork() {
    }

    /**
     * A new drill of the backup {@code word} names ({@code latest} or an id) of the site, resolved
     * now: a re-run of the same words drills the same backup.
     */
    public static JobParameters newRun(SiteRegistry sites, String site, String word) throws IOException {
        BackupFiles backup = RestorePlanner.find(sites.site(site), site, word);
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(backup.manifest()));
        String parts = manifest.files() != null && manifest.database() != null ? "files,db"
                : manifest.files() != null ? "files" : "db";
        String run = BackupId.of(Instant.now()).value();
        return new JobParametersBuilder()
                .addString(RestoreKeys.PARAM_SITE, site)
                .addString(RestoreKeys.PARAM_TARGET, new DrillSite(site, run).name())
                .addString(RestoreKeys.PARAM_BACKUP, manifest.id())
                .addString(RestoreKeys.PARAM_BACKUP_WORD, word)
                .addString(RestoreKeys.PARAM_PARTS, parts)
                .addString(RestoreKeys.PARAM_PARTS_WORD, "")
                .addString(RestoreKeys.PARAM_MODE, "overlay")
                .addString(RestoreKeys.PARAM_KEEP_CREDENTIALS, "no")
                .addString(RestoreKeys.PARAM_RUN, run)
                .toJobParameters();
    }

    /** {@code fresh=yes}: the abandoned drill's scratch place goes (a killed drill left it). */
    public static void abandon(SiteRegistry sites, JobParameters p) {
        DrillRun drill = DrillRun.of(p, sites);
        try {
            drill.scratch().remove();
            LOG.warn("fresh=yes: removed the scratch place of the abandoned drill ({})", drill.drill().name());
        } catch (IOException e) {
            LOG.warn("fresh=yes: could not remove the scratch place of the abandoned drill ({}); the next drill "
                    + "removes it: {}", drill.drill().name(), e.toString());
        }
    }
}
