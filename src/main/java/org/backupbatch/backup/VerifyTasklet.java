package org.backupbatch.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.archive.ArchiveSumCheck;
import org.backupbatch.archive.EncryptedArchive;
import org.backupbatch.archive.OpenPgpEncryptor;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.remote.Progress;
import org.backupbatch.errors.FatalError;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Reads the assembled archive back (its sum, the manifest inside: see {@link ArchiveSumCheck};
 * its content was checked as it was received and assembled) and, only when it checks out,
 * publishes it durably (see
 * {@link BackupFiles#publish}): manifest, then archive, then the {@code .sha256} last, its presence
 * marking a complete backup. With {@code backup.encryption}, the verified archive is encrypted
 * first, and the ciphertext checked (its packets and sum; decrypted again when the site gives its
 * passphrase or private key) is what is published, beside a sidecar manifest that records both.
 * A run that stopped after publishing but before this step completed finds the backup already
 * published: {@link ResumeCheck} verified it before the restart, so it is not published again
 * (an encrypted one does not verify as a plain archive there: it is withdrawn and made again).
 */
class VerifyTasklet implements Tasklet {

    static final String[] OUTPUTS = {BackupKeys.ARCHIVE_PATH};

    private static final Logger LOG = LoggerFactory.getLogger(VerifyTasklet.class);

    private final SiteRegistry sites;

    VerifyTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        ExecutionContext ctx = run.job();
        BackupFiles target = run.files();
        String sha256 = ctx.getString(BackupKeys.ARCHIVE_SHA);
        String published = target.publishedSha256();
        if (published == null) {
            Path work = Path.of(ctx.getString(BackupKeys.ARCHIVE_WORK));
            Path manifest = target.workFolder().resolve("manifest.json");
            byte[] inside = Files.readAllBytes(manifest);
            long length = ctx.getLong(BackupKeys.ARCHIVE_LENGTH);
            try (Progress progress = Progress.start(run.site() + ": verifying the archive", length)) {
                new ArchiveSumCheck().afterWrite(work, inside, sha256, progress);
            }
            run.outputs().putLong(StepTimer.BYTES, length);
            publish(run, target, work, manifest, inside, sha256);
        } else if (published.equals(sha256)) {
            LOG.info("{}: backup {} was published before the last run stopped; not published again", run.site(),
                    run.id());
            target.discardWork();
        } else {
            throw new FatalError("backup " + run.id() + " of site " + run.site() + " is already published as "
                    + target.checksum() + " with another sha256 (" + published + "); it is not replaced");
        }
        run.outputs().putString(BackupKeys.ARCHIVE_PATH, target.archive().toString());
        return RepeatStatus.FINISHED;
    }

    /**
     * An incremental night's entry map goes beside the archive before the {@code .sha256} marks the
     * backup complete; checked against the sum the manifest records.
     */
    private static void publishIndex(BackupRun run, BackupFiles target) throws java.io.IOException {
        ExecutionContext ctx = run.job();
        if (!ctx.containsKey(BackupKeys.FILES_INDEX)) {
            return;
        }
        Path index = Path.of(ctx.getString(BackupKeys.FILES_INDEX));
        if (!org.backupbatch.archive.Sha256.of(index).equals(ctx.getString(BackupKeys.FILES_INDEX_SHA))) {
            throw new FatalError("work file " + index + " changed since it was written");
        }
        java.nio.file.Files.move(index, target.filesIndex(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Publishes the verified archive, encrypted first when the site asks for it. */
    private static void publish(BackupRun run, BackupFiles target, Path work, Path manifest, byte[] inside,
            String sha256) throws java.io.IOException {
        OpenPgpEncryptor encryptor = BackupEncryption.encryptor(run.config());
        if (encryptor == null) {
            publishIndex(run, target);
            target.publish(work, manifest, sha256);
            return;
        }
        EncryptedArchive.Sealed sealed = EncryptedArchive.seal(work, sha256, inside,
                target.plainArchive().getFileName().toString(), encryptor, BackupEncryption.checker(run.config()));
        target.publish(sealed.archive(), sealed.manifest(), sealed.sha256(), true);
        LOG.info("{}: archive encrypted ({}{})", run.site(), encryptor.method(), encryptor.recipients().isEmpty()
                ? "" : " to " + encryptor.recipients().stream().map(r -> r.fingerprint()).toList());
    }
}
