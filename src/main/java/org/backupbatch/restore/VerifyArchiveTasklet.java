package org.backupbatch.restore;

import java.util.ArrayList;
import org.backupbatch.archive.ArchiveSumCheck;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.archive.OutsideLinks;
import org.backupbatch.backup.StepTimer;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Before anything on the target changes: the archive's sha256 against its {@code .sha256} (an
 * encrypted archive's packets too, then it is decrypted into the work folder: see {@link
 * BackupDecryption}), the manifest inside against the sidecar, and every entry of the files
 * member checked for what would write outside the site (absolute or {@code ..} names, entries
 * through a symlink, hard links pointing out). The sum proves the archive holds the bytes the
 * backup checked (every member's CRC, the tar structure, the dump's size and sha256), so a
 * restore does not gunzip the dump to check it again ({@link ArchiveSumCheck}); a drill, whose
 * point is to prove the backup, runs the full check ({@link ArchiveVerifier}) all the same.
 * Symlinks that point outside are restored as links: each is logged, and they are recorded for
 * the plan and the summary.
 */
class VerifyArchiveTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.LINKS_OUTSIDE, RestoreKeys.LINKS_OUTSIDE_LIST};

    /** How many outside links the execution context lists (it is stored in the job repository). */
    static final int LISTED = 20;

    private static final Logger LOG = LoggerFactory.getLogger(VerifyArchiveTasklet.class);

    private final SiteRegistry sites;
    private final boolean full;

    /** @param full whether to gunzip and check every member again (a drill) or rely on the sum (a restore) */
    VerifyArchiveTasklet(SiteRegistry sites, boolean full) {
        this.sites = sites;
        this.full = full;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        var backup = run.backup();
        BackupDecryption.Plain plain = BackupDecryption.prepare(run.sourceConfig(), backup, run.decryptedCopy());
        long length = java.nio.file.Files.size(plain.archive());
        OutsideLinks outside;
        try (Progress progress = Progress.start(run.target() + ": verifying " + backup.archive().getFileName(),
                length)) {
            outside = full
                    ? new ArchiveVerifier().verify(plain.archive(), plain.manifest(), plain.sha256(), true, progress)
                    : new ArchiveSumCheck().beforeRestore(plain.archive(), plain.manifest(), plain.sha256(), progress);
        }
        run.outputs().putLong(StepTimer.BYTES, length);
        LOG.info("{}: archive {} verified{}", run.target(), backup.archive(), backup.isEncrypted()
                ? " (decrypted into " + plain.archive() + ")" : "");
        record(run, outside);
        return RepeatStatus.FINISHED;
    }

    private static void record(RestoreRun run, OutsideLinks outside) {
        outside.first().forEach((name, target) -> LOG.warn("link {} -> {} points outside the site", name, target));
        if (outside.count() > outside.first().size()) {
            LOG.warn("{} more links point outside the site", outside.count() - outside.first().size());
        }
        ArrayList<String> listed = new ArrayList<>();
        for (var link : outside.first().entrySet()) {
            if (listed.size() == LISTED) {
                break;
            }
            listed.add(link.getKey() + " -> " + link.getValue());
        }
        run.outputs().put(RestoreKeys.LINKS_OUTSIDE, outside.count());
        run.outputs().put(RestoreKeys.LINKS_OUTSIDE_LIST, listed);
    }
}
