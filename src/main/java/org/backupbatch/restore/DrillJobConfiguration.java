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
 * The restore drill job ({@code job=drill}): prepare the scratch place → the restore's own steps
 * (verify archive → plan → restore files → restore database → check result, the same tasklets,
 * into the drill's synthetic site: see {@code DrillSite}) → remove the place and record the
 * outcome. No safety snapshot: the scratch place holds nothing to protect.
 * <p>
 * Every step runs again on a restart: a drill that failed removed its scratch place (its
 * database must not outlive it), so a re-run restores the same backup into the same names from
 * the start; a drill killed outright is taken up the same way, its leftovers emptied first.
 */
@Configuration(proxyBeanMethods = false)
public class DrillJobConfiguration {

    @Bean
    Job drillJob(JobRepository repository, SiteRegistry sites) {
        return new JobBuilder(DrillKeys.JOB, repository)
                .start(step(repository, DrillKeys.STEP_PREPARE, new PrepareScratchTasklet(sites)))
                .next(step(repository, RestoreKeys.STEP_VERIFY, new VerifyArchiveTasklet(sites, true),
                        VerifyArchiveTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_PLAN, new PlanTasklet(sites), PlanTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_FILES, new RestoreFilesTasklet(sites),
                        RestoreFilesTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_DATABASE, new RestoreDatabaseTasklet(sites),
                        RestoreDatabaseTasklet.OUTPUTS))
                .next(step(repository, RestoreKeys.STEP_CHECK, new CheckResultTasklet(sites), CheckResultTasklet.OUTPUTS))
                .next(step(repository, DrillKeys.STEP_FINISH, new FinishDrillTasklet(sites)))
                .listener(new DrillOutcome(sites))
                .build();
    }

    private static Step step(JobRepository repository, String name, Tasklet tasklet, String... outputs) {
        StepBuilder builder = new StepBuilder(name, repository);
        var step = builder.tasklet(org.backupbatch.backup.StopAwareTasklet.of(tasklet)).allowStartIfComplete(true);
        if (outputs.length > 0) {
            ExecutionContextPromotionListener promote = new ExecutionContextPromotionListener();
            promote.setKeys(outputs);
            step.listener(promote);
        }
        return step.build();
    }
}
