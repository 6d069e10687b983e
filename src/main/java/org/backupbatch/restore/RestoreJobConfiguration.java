package org.backupbatch.restore;

import org.backupbatch.config.SiteRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.ExecutionContextPromotionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The restore job: verify archive → plan → safety snapshot → restore files → restore database →
 * check result. A restart skips the steps that completed, except the archive's verification,
 * which always runs again.
 */
@Configuration(proxyBeanMethods = false)
public class RestoreJobConfiguration {

    @Bean
    Job restoreJob(JobRepository repository, SiteRegistry sites) {
        return new JobBuilder(RestoreKeys.JOB, repository)
                .start(new StepBuilder(RestoreKeys.STEP_VERIFY, repository).tasklet(new VerifyArchiveTasklet(sites))
                        .listener(promotion(VerifyArchiveTasklet.OUTPUTS)).allowStartIfComplete(true).build())
                .next(step(repository, RestoreKeys.STEP_PLAN, new PlanTasklet(sites), PlanTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_SNAPSHOT, new SnapshotTasklet(sites), SnapshotTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_FILES, new RestoreFilesTasklet(sites),
                        RestoreFilesTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_DATABASE, new RestoreDatabaseTasklet(sites),
                        RestoreDatabaseTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_CHECK, new CheckResultTasklet(sites), CheckResultTasklet.OUTPUTS))
                .build();
    }

    private static Step step(JobRepository repository, String name, Tasklet tasklet, String[] outputs) {
        return new StepBuilder(name, repository).tasklet(tasklet).listener(promotion(outputs)).build();
    }

    private static ExecutionContextPromotionListener promotion(String[] outputs) {
        ExecutionContextPromotionListener promote = new ExecutionContextPromotionListener();
        promote.setKeys(outputs);
        return promote;
    }
}
