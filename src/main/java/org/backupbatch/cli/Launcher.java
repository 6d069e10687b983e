package org.backupbatch.cli;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The one place that decides, for every job word, whether a command starts a new run or goes on
 * with an earlier one: the site's last run of the job, when a dead process left it STARTED, is
 * recovered; when it FAILED or STOPPED and the same words are given, it is restarted (its
 * parameters, a restore's resolved backup id included, are the ones of its first start);
 * {@code fresh=yes} abandons it instead. Only then is a new run planned and started.
 */
final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    /**
     * What one command asks for.
     *
     * @param sameSite    which earlier runs of the job concern this site (the last one is looked at)
     * @param sameRequest whether that run is the one these words continue
     * @param describe    how the log names a run, from its parameters
     * @param newRun      plans a new run and gives its parameters; checks made only before a new
     *                    run (a restore's confirm=yes) go there
     * @param abandoned   cleans up after a run that {@code fresh=yes} abandons
     */
    record Request(Job job, Predicate<JobParameters> sameSite, Predicate<JobParameters> sameRequest,
            Function<JobParameters, String> describe, NewRun newRun, Consumer<JobExecution> abandoned, Key key) {
    }

    /**
     * The identifying parameter every earlier run of the site was given ({@code site=blog}, a
     * restore's {@code target=…}): what the repository is searched by ({@link RunIndex}) before
     * {@code sameSite} looks at each run found.
     */
    record Key(String parameter, String value) {
    }

    /** Plans a new run. */
    @FunctionalInterface
    interface NewRun {
        JobParameters parameters() throws Exception;
    }

    private final JobOperator operator;
    private final JobRepository repository;
    private final RunIndex index;

    Launcher(JobOperator operator, JobRepository repository, RunIndex index) {
        this.operator = operator;
        this.repository = repository;
        this.index = index;
    }

    JobExecution launch(Request request, boolean fresh) throws Exception {
        JobExecution last = lastExecution(request.job().getName(), request.key(), request.sameSite());
        if (last != null && (last.getStatus().isRunning()
                || last.getStepExecutions().stream().anyMatch(step -> step.getStatus().isRunning()))) {
            LOG.warn("{} (run {}) is marked {} but no process holds it (killed?); recovering it",
                    request.describe().apply(last.getJobParameters()), last.getId(), last.getStatus());
            last = recover(last);
        }
        boolean resumable = last != null
                && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
        if (resumable && fresh) {
            operator.abandon(last);
            LOG.warn("fresh=yes: abandoned {} (run {} {})", request.describe().apply(last.getJobParameters()),
                    last.getId(), last.getStatus());
            request.abandoned().accept(last);
        } else if (resumable && request.sameRequest().test(last.getJobParameters())) {
            LOG.info("resuming {} (run {} {}) from the step that did not complete",
                    request.describe().apply(last.getJobParameters()), last.getId(), last.getStatus());
            // start with the run's own parameters restarts it, as restart(last) does, without
            // looking the job up in the registry: a fleet's job is built per command, no bean
            return operator.start(request.job(), last.getJobParameters());
        } else if (resumable) {
            LOG.warn("the last {} (run {}) {}; these words ask for another one, which starts now (the same words "
                    + "as that run resume it)", request.describe().apply(last.getJobParameters()), last.getId(),
                    last.getStatus());
        }
        JobParameters parameters = request.newRun().parameters();
        LOG.info("starting {}", request.describe().apply(parameters));
        return operator.start(request.job(), parameters);
    }

    /**
     * Marks a run that a dead process left unfinished as FAILED, steps included, so that it can
     * be restarted: {@code JobOperator.recover}. A process ended in the middle of a stop (a second
     * signal) may leave the run STOPPED with a step still STARTED; that counts as unfinished too.
     * A step whose status the stop wrote concurrently, read again from the repository, is marked
     * here as well.
     */
    private JobExecution recover(JobExecution last) {
        JobExecution recovered = operator.recover(last);
        JobExecution stored = repository.getJobExecution(recovered.getId());
        for (StepExecution step : stored == null ? List.<StepExecution>of() : stored.getStepExecutions()) {
            if (step.getStatus().isRunning()) {
                LOG.info("step {} of run {} was left {}: marked FAILED", step.getStepName(), stored.getId(),
                        step.getStatus());
                step.setStatus(BatchStatus.FAILED);
                step.setEndTime(java.time.LocalDateTime.now());
                repository.update(step);
            }
        }
        return stored == null ? recovered : stored;
    }

    /**
     * The last run of the job for which {@code sameSite} holds, or null: among the instances given
     * {@code key} (one query, {@link RunIndex}), newest first, the first whose last execution it accepts.
     */
    JobExecution lastExecution(String job, Key key, Predicate<JobParameters> sameSite) throws SQLException {
        for (long id : index.instances(job, key.parameter(), key.value())) {
            JobInstance instance = repository.getJobInstance(id);
            JobExecution execution = instance == null ? null : repository.getLastJobExecution(instance);
            if (execution != null && sameSite.test(execution.getJobParameters())) {
                return execution;
            }
        }
        return null;
    }
}
