package org.backupbatch.backup;

import org.backupbatch.config.SiteRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.listener.ExecutionContextPromotionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The backup job: validate → (stream files ‖ dump database) → assemble archive → verify
 * checksum → copy off-site → prune retention. A restart skips the steps that completed, except validate,
 * which always checks again.
 */
@Configuration(proxyBeanMethods = false)
public class BackupJobConfiguration {

    @Bean
    Job backupJob(JobRepository repository, SiteRegistry sites) {
        Step validate = new StepBuilder(BackupKeys.STEP_VALIDATE, repository).tasklet(StopAwareTasklet.of(new ValidateTasklet(sites)))
                .listener(promote(ValidateTasklet.OUTPUTS)).listener(new StepTimer()).allowStartIfComplete(true).build();
        Flow files = new FlowBuilder<SimpleFlow>("filesFlow")
                .start(new StepBuilder(BackupKeys.STEP_FILES, repository).tasklet(StopAwareTasklet.of(new StreamFilesTasklet(sites)))
                        .listener(promote(StreamFilesTasklet.OUTPUTS)).listener(new StepTimer()).build())
                .build();
        Flow database = new FlowBuilder<SimpleFlow>("databaseFlow")
                .start(new StepBuilder(BackupKeys.STEP_DATABASE, repository).tasklet(StopAwareTasklet.of(new DumpDatabaseTasklet(sites)))
                        .listener(promote(DumpDatabaseTasklet.OUTPUTS)).listener(new StepTimer()).build())
                .build();
        Flow transfer = new FlowBuilder<SimpleFlow>("transfer")
                .split(new SimpleAsyncTaskExecutor("transfer-")).add(files, database).build();
        return new JobBuilder(BackupKeys.JOB, repository)
                .flow(validate)
                .next(transfer)
                .next(new StepBuilder(BackupKeys.STEP_ASSEMBLE, repository).tasklet(StopAwareTasklet.of(new AssembleTasklet(sites)))
                        .listener(promote(AssembleTasklet.OUTPUTS)).listener(new StepTimer()).build())
                .next(new StepBuilder(BackupKeys.STEP_VERIFY, repository).tasklet(StopAwareTasklet.of(new VerifyTasklet(sites)))
                        .listener(promote(VerifyTasklet.OUTPUTS)).listener(new StepTimer()).build())
                .next(copyOffsite(repository, sites))
                .next(new StepBuilder(BackupKeys.STEP_PRUNE, repository).tasklet(StopAwareTasklet.of(new PruneTasklet(sites)))
                        .listener(new StepTimer()).build())
                .end()
                .listener(new ResumeCheck(repository, sites))
                .build();
    }

    /** One unit of upload per chunk: the step's context, the restart state, is committed after each. */
    private static Step copyOffsite(JobRepository repository, SiteRegistry sites) {
        CopyOffsiteTasklet copy = new CopyOffsiteTasklet(sites);
        return new StepBuilder(BackupKeys.STEP_COPY, repository).tasklet(StopAwareTasklet.of(copy))
                .listener(copy).listener(new StepTimer()).build();
    }

    /** Copies a completed step's outputs into the job's execution context, for the steps after it. */
    private static ExecutionContextPromotionListener promote(String[] keys) {
        ExecutionContextPromotionListener listener = new ExecutionContextPromotionListener();
        listener.setKeys(keys);
        return listener;
    }
}
