package org.backupbatch.backup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.FatalError;
import org.backupbatch.offsite.OffsiteUpload;
import org.backupbatch.offsite.UploadState;
import org.backupbatch.remote.Retries;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Copies the published backup to the site's off-site copies ({@link OffsiteUpload}). Each call
 * does one unit (an S3 part, an SFTP slice, a read-back) and returns {@code CONTINUABLE}: Spring
 * Batch commits the step's execution context after each call, so the upload state (upload id,
 * parts done, bytes written) survives a cut connection or a killed process, and the re-run
 * resumes from it. The local backup is complete and published before this step starts: a failed
 * copy leaves it so, and the re-run runs only this step (and pruning after it).
 */
class CopyOffsiteTasklet implements Tasklet, StepExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(CopyOffsiteTasklet.class);

    private final SiteRegistry sites;
    /** The upload of each running step execution, kept open (connections) between its calls. */
    private final Map<Long, OffsiteUpload> running = new ConcurrentHashMap<>();

    CopyOffsiteTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(contribution, sites);
        if (run.isSnapshot() || run.config().copies().isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        long id = contribution.getStepExecution().getId();
        OffsiteUpload upload = running.get(id);
        if (upload == null) {
            upload = start(run);
            running.put(id, upload);
        }
        long before = upload.bytes();
        boolean done;
        try {
            // a unit cut by the network is tried again (backup.retries), from the state it left
            done = Retries.run(run.site() + ": copying off-site", run.config().backup(), upload::step);
        } catch (Exception e) {
            close(id);
            throw e;
        } finally {
            save(upload, run.outputs());
        }
        ExecutionContext outputs = run.outputs();
        outputs.putLong(StepTimer.BYTES, outputs.getLong(StepTimer.BYTES, 0L) + upload.bytes() - before);
        if (done) {
            close(id);
            return RepeatStatus.FINISHED;
        }
        return RepeatStatus.CONTINUABLE;
    }

    private OffsiteUpload start(BackupRun run) throws java.io.IOException {
        BackupFiles files = run.files();
        String sha256 = files.publishedSha256();
        if (sha256 == null) {
            throw new FatalError("backup " + run.id() + " of site " + run.site() + " is not published ("
                    + files.checksum() + " is missing); nothing to copy off-site");
        }
        Map<String, String> state = new HashMap<>();
        run.outputs().entrySet().stream().filter(e -> e.getKey().startsWith(UploadState.PREFIX))
                .forEach(e -> state.put(e.getKey(), String.valueOf(e.getValue())));
        if (!state.isEmpty()) {
            LOG.info("{}: the off-site copy resumes from the state the last run recorded", run.site());
        }
        return new OffsiteUpload(run.config().copies(), new OffsiteUpload.Backup(run.site(), files.archive(),
                files.manifest(), files.checksum(), sha256), state,
                OffsiteUpload.realStores(run.config().backup().retries()));
    }

    /** Writes the upload's state into the step's context: the one Spring Batch commits after this call. */
    private static void save(OffsiteUpload upload, ExecutionContext outputs) {
        Map<String, String> state = upload.state();
        outputs.entrySet().stream().map(Map.Entry::getKey)
                .filter(key -> key.startsWith(UploadState.PREFIX) && !state.containsKey(key)).toList()
                .forEach(outputs::remove);
        state.forEach(outputs::putString);
    }

    private void close(long id) {
        OffsiteUpload upload = running.remove(id);
        if (upload != null) {
            upload.close();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        close(stepExecution.getId());
        return null;
    }
}
