package org.backupbatch.restore;

import java.io.IOException;
import java.nio.file.Path;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.util.FileSystemUtils;

/**
 * The life of one restore's work folder ({@code <target's destination>/<target>/.work/restore-<run>}):
 * made when the restore starts, with the source backup pinned in it; removed with the pin when
 * the restore completes or {@code fresh=yes} abandons it. The target's record
 * ({@link TargetRecord}) outlives an abandoned restore: it is what the next one relies on.
 */
public final class RestoreWork {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreWork.class);

    private RestoreWork() {
    }

    /** Before a new restore starts: pins its source backup. */
    public static void pin(SiteConfig target, BackupFiles backup, String run) throws IOException {
        SourcePin.pin(backup, RestoreRun.workFolder(target, run), RestoreRun.owner(target.site().name(), run));
    }

    /**
     * Before a new restore starts: pins its source backup, and hands the plan just made (to decide
     * whether to start) to the job's plan step in this process, which records it instead of
     * planning again.
     */
    public static void start(RestorePlan plan, String run) throws IOException {
        pin(plan.targetConfig(), plan.backup(), run);
        PlanTasklet.handOver(RestoreRun.owner(plan.target(), run), plan);
    }

    /** {@code fresh=yes}: the abandoned restore's work and pin go (never the target's record). */
    public static void abandon(SiteRegistry sites, JobParameters p) {
        String target = p.getString(RestoreKeys.PARAM_TARGET);
        String run = p.getString(RestoreKeys.PARAM_RUN);
        try {
            SiteConfig targetConfig = sites.site(target);
            Path work = RestoreRun.workFolder(targetConfig, run);
            FileSystemUtils.deleteRecursively(work);
            String site = p.getString(RestoreKeys.PARAM_SITE);
            SourcePin.release(RestoreRun.source(sites.site(site), site, p.getString(RestoreKeys.PARAM_BACKUP)),
                    RestoreRun.owner(target, run));
            LOG.warn("fresh=yes: deleted the work folder {} of the abandoned restore", work);
        } catch (IOException e) {
            LOG.warn("fresh=yes: could not delete the work of the abandoned restore: {}", e.toString());
        }
    }

    /** The restore completed: its work and pin go, and the target's record (it is itself again). */
    static void finish(RestoreRun run) throws IOException {
        FileSystemUtils.deleteRecursively(run.workFolder());
        SourcePin.release(RestoreRun.source(run.sourceConfig(), run.site(), run.backup().id().value()),
                RestoreRun.owner(run.target(), run.runId()));
        TargetRecord.of(run.targetConfig()).clear();
    }
}
