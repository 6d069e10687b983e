package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.archive.SidecarManifest;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.FatalError;
import org.backupbatch.retention.BackupFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Before a failed backup is restarted (by the command line, or by the restore whose safety
 * snapshot it is: hence a job listener): the work files that completed steps left (their paths and
 * sha256 are in the steps' execution contexts) are checked, and a step whose output is missing or
 * damaged is marked failed in the repository, so that the restart runs it again, with every
 * completed step that used its output. Once the archive is verified, nothing is checked: the
 * work folder is gone and the archive was published. A run that stopped after publishing but
 * before its verify step completed finds its backup published: when that backup checks out, no
 * step is made again (the verify step then completes without publishing); when it does not, its
 * {@code .sha256} is withdrawn and the backup is made again.
 */
public final class ResumeCheck implements JobExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeCheck.class);

    private final JobRepository repository;
    private final SiteRegistry sites;

    public ResumeCheck(JobRepository repository, SiteRegistry sites) {
        this.repository = repository;
        this.sites = sites;
    }

    /** A step, the output it leaves (path and sum keys), and the completed steps that used it. */
    private record Output(String step, String pathKey, String shaKey, List<String> consumers) {
    }

    private static final List<Output> OUTPUTS = List.of(
            new Output(BackupKeys.STEP_FILES, BackupKeys.FILES_PART, BackupKeys.FILES_SHA,
                    List.of(BackupKeys.STEP_ASSEMBLE)),
            new Output(BackupKeys.STEP_FILES, BackupKeys.FILES_STORED_PART, BackupKeys.FILES_STORED_SHA,
                    List.of(BackupKeys.STEP_ASSEMBLE)),
            new Output(BackupKeys.STEP_FILES, BackupKeys.FILES_INDEX, BackupKeys.FILES_INDEX_SHA,
                    List.of(BackupKeys.STEP_ASSEMBLE)),
            new Output(BackupKeys.STEP_DATABASE, BackupKeys.DB_PART, BackupKeys.DB_SHA,
                    List.of(BackupKeys.STEP_ASSEMBLE)),
            new Output(BackupKeys.STEP_DATABASE, BackupKeys.DB_SECTIONS, BackupKeys.DB_SECTIONS_SHA,
                    List.of(BackupKeys.STEP_ASSEMBLE)),
            new Output(BackupKeys.STEP_ASSEMBLE, BackupKeys.ARCHIVE_WORK, BackupKeys.ARCHIVE_SHA, List.of()),
            workValue(BackupKeys.STEP_FILES, BackupKeys.FILES_WARNINGS),
            workValue(BackupKeys.STEP_DATABASE, BackupKeys.DB_ROWS),
            workValue(BackupKeys.STEP_DATABASE, BackupKeys.DB_TABLES_LEFT_OUT));

    /** A value a step kept in a work file ({@link WorkValues}), which the assemble step reads. */
    private static Output workValue(String step, String key) {
        return new Output(step, WorkValues.fileKey(key), WorkValues.shaKey(key), List.of(BackupKeys.STEP_ASSEMBLE));
    }

    /** On a restart (an earlier execution of the same instance exists), checks what it left. */
    @Override
    public void beforeJob(JobExecution execution) {
        JobExecution previous = repository.getJobExecutions(execution.getJobInstance()).stream()
                .filter(e -> e.getId() != execution.getId())
                .max(java.util.Comparator.comparingLong(JobExecution::getId)).orElse(null);
        if (previous != null) {
            try {
                prepare(previous);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("checking the work files of backup " + id(previous), e);
            }
        }
    }

    /** @return the names of the steps that will run again */
    public List<String> prepare(JobExecution last) throws IOException {
        List<String> rerun = new ArrayList<>();
        if (completed(last, BackupKeys.STEP_VERIFY) != null || alreadyPublished(last)) {
            return rerun;
        }
        for (Output output : OUTPUTS) {
            StepExecution step = completed(last, output.step());
            String problem = step == null ? null : problem(step.getExecutionContext(), output);
            if (problem != null) {
                LOG.warn("step {} of backup {}: {}; that step runs again", output.step(), id(last), problem);
                invalidate(step, problem, rerun);
                for (String consumer : output.consumers()) {
                    StepExecution used = completed(last, consumer);
                    if (used != null) {
                        invalidate(used, "its input from " + output.step() + " is made again", rerun);
                    }
                }
            }
        }
        return rerun;
    }

    /**
     * Whether the last run published its backup before it stopped, and that backup checks out.
     * One that does not check out is withdrawn (its {@code .sha256} deleted), so that it is made
     * again and nothing counts on it meanwhile.
     */
    private boolean alreadyPublished(JobExecution last) throws IOException {
        StepExecution assembled = completed(last, BackupKeys.STEP_ASSEMBLE);
        if (assembled == null) {
            return false;
        }
        BackupFiles files = BackupRun.files(last.getJobParameters(), sites);
        if (files.publishedSha256() == null) {
            return false;
        }
        try {
            new ArchiveVerifier().verify(files.archive(), SidecarManifest.inside(Files.readAllBytes(files.manifest())),
                    assembled.getExecutionContext().getString(BackupKeys.ARCHIVE_SHA));
        } catch (IOException | FatalError e) {
            LOG.warn("backup {} was published but does not check out ({}); its {} is withdrawn and the backup made "
                    + "again", id(last), e.getMessage(), files.checksum().getFileName());
            files.withdraw();
            return false;
        }
        LOG.info("backup {} was published before the last run stopped and checks out: no step is made again",
                id(last));
        return true;
    }

    private StepExecution completed(JobExecution last, String stepName) {
        StepExecution step = repository.getLastStepExecution(last.getJobInstance(), stepName);
        return step != null && step.getStatus() == BatchStatus.COMPLETED ? step : null;
    }

    private static String problem(ExecutionContext outputs, Output output) throws IOException {
        if (!outputs.containsKey(output.pathKey())) {
            return null;
        }
        Path file = Path.of(outputs.getString(output.pathKey()));
        if (!Files.isRegularFile(file)) {
            return "its output " + file + " is missing";
        }
        String sha = Sha256.of(file);
        return sha.equals(outputs.getString(output.shaKey())) ? null
                : "its output " + file + " is damaged (sha256 " + sha + ", recorded " + outputs.getString(output.shaKey())
                        + ")";
    }

    private void invalidate(StepExecution step, String why, List<String> rerun) {
        if (rerun.contains(step.getStepName())) {
            return;
        }
        step.setStatus(BatchStatus.FAILED);
        step.setExitStatus(ExitStatus.FAILED.addExitDescription("made again on restart: " + why));
        repository.update(step);
        rerun.add(step.getStepName());
    }

    private static String id(JobExecution execution) {
        return execution.getJobParameters().getString(BackupKeys.PARAM_ID);
    }
}
