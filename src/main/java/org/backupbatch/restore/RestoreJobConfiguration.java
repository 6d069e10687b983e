package org.backupbatch.restore;

import org.backupbatch.backup.StepTimer;
import org.backupbatch.backup.StopAwareTasklet;
import org.backupbatch.config.SiteRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.ExecutionContextPromotionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The restore job: verify archive → plan → safety snapshot (when the target holds something:
 * the backup job itself, run as a step) → restore files → restore database → check result. A
 * restart skips the steps that completed, except the archive's verification, which always runs
 * again; a snapshot cut short resumes as any backup does.
 */
@Configuration(proxyBeanMethods = false)
public class RestoreJobConfiguration {

    private static final String SNAPSHOT = "SNAPSHOT";

    @Bean
    Job restoreJob(JobRepository repository, SiteRegistry sites, @Qualifier("backupJob") Job backupJob,
            @Lazy JobOperator operator) {
        Step files = step(repository, RestoreKeys.STEP_FILES, new RestoreFilesTasklet(sites), RestoreFilesTasklet.OUTPUTS);
        JobExecutionDecider snapshotNeeded = snapshotNeeded();
        return new JobBuilder(RestoreKeys.JOB, repository)
                .start(new StepBuilder(RestoreKeys.STEP_VERIFY, repository).tasklet(StopAwareTasklet.of(new VerifyArchiveTasklet(sites, false)))
                        .listener(promote(VerifyArchiveTasklet.OUTPUTS)).listener(new StepTimer()).allowStartIfComplete(true).build())
                .next(step(repository, RestoreKeys.STEP_PLAN, new PlanTasklet(sites), PlanTasklet.OUTPUTS))
                .next(snapshotNeeded).on(SNAPSHOT).to(snapshot(repository, sites, backupJob, operator)).next(files)
                .from(snapshotNeeded).on("*").to(files)
                .from(files).next(step(repository, RestoreKeys.STEP_DATABASE, new RestoreDatabaseTasklet(sites),
                        RestoreDatabaseTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_CHECK, new CheckResultTasklet(sites), CheckResultTasklet.OUTPUTS))
                .end()
                .build();
    }

    /** A snapshot is taken when the plan found something the restore overwrites. */
    private static JobExecutionDecider snapshotNeeded() {
        return (job, step) -> Boolean.TRUE.equals(job.getExecutionContext().get(RestoreKeys.TARGET_HAS_CONTENT))
                ? new FlowExecutionStatus(SNAPSHOT) : new FlowExecutionStatus("NONE");
    }

    private static Step snapshot(JobRepository repository, SiteRegistry sites, Job backupJob, JobOperator operator) {
        return new StepBuilder(RestoreKeys.STEP_SNAPSHOT, repository).job(backupJob).operator(operator)
                .parametersExtractor(new SnapshotParameters(sites)).listener(promote(RestoreKeys.SNAPSHOT_ID))
                .listener(new SnapshotFailure(repository)).build();
    }

    private static Step step(JobRepository repository, String name, Tasklet tasklet, String[] outputs) {
        return new StepBuilder(name, repository).tasklet(StopAwareTasklet.of(tasklet)).listener(promote(outputs))
                .listener(new StepTimer()).build();
    }

    private static ExecutionContextPromotionListener promote(String... keys) {
        ExecutionContextPromotionListener promote = new ExecutionContextPromotionListener();
        promote.setKeys(keys);
        return promote;
    }
}
