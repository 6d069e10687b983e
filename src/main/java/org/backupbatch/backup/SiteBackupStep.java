package org.backupbatch.backup;

import org.springframework.batch.core.job.UnexpectedJobExecutionException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A fleet partition: runs the site named in its context through {@link SiteRunner}, that is the
 * site's own backup job, a job instance of its own and restartable on its own (the equivalent of
 * a {@code JobStep} that also takes the site's lock and resumes the site's failed run). Not a
 * tasklet: a tasklet runs inside a transaction, and the site's job must commit its own steps as
 * they end. The partition fails when the site's run did not complete, so that re-running the
 * night runs it again; the outcome is kept in the partition's context for the summary.
 */
final class SiteBackupStep extends AbstractStep {

    private final SiteRunner runner;

    SiteBackupStep(JobRepository repository, SiteRunner runner) {
        super(repository);
        setName(FleetKeys.STEP_SITE);
        this.runner = runner;
    }

    @Override
    protected void doExecute(StepExecution stepExecution) throws Exception {
        ExecutionContext context = stepExecution.getExecutionContext();
        String site = context.getString(FleetKeys.SITE);
        // who runs it, recorded at once: a night's listing shows it while the site runs
        context.putString(FleetKeys.RUNNER_HOST, runner.host());
        context.putLong(FleetKeys.RUNNER_PID, ProcessHandle.current().pid());
        getJobRepository().updateExecutionContext(stepExecution);
        SiteRunner.Outcome outcome = runner.run(site);
        context.putInt(FleetKeys.SITE_CODE, outcome.code());
        if (outcome.executionId() != null) {
            context.putLong(FleetKeys.SITE_EXECUTION, outcome.executionId());
        } else {
            context.remove(FleetKeys.SITE_EXECUTION);
        }
        if (outcome.error() != null) {
            context.putString(FleetKeys.SITE_ERROR, outcome.error());
        } else {
            context.remove(FleetKeys.SITE_ERROR);
        }
        if (!outcome.completed()) {
            throw new UnexpectedJobExecutionException("site " + site + " did not complete (exit " + outcome.code()
                    + "): " + outcome.error());
        }
    }
}
