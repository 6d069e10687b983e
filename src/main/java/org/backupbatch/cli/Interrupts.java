package org.backupbatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.backupbatch.errors.StopRequest;
import org.backupbatch.remote.SiteShells;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * How a run ends when something other than its own work ends it, so that it still ends the way
 * PRODUCT §2 promises: exit code 1 and a summary line, never 143 nor a hang.
 * <ul>
 * <li>SIGTERM or SIGINT (a scheduler's stop, Ctrl-C): the running job is stopped through {@code
 * JobOperator.stop}, whose steps end their remote commands and come out STOPPED; the command line
 * then reports {@code status=STOPPED} and the same command resumes the run. A second signal, or a
 * stop that takes longer than {@link #GRACE}, ends the process at once (exit 1, a summary line);
 * the next run recovers it as after SIGKILL.</li>
 * <li>An {@link Error} in any thread (JSch's session thread out of memory, say): nothing would
 * ever wake the step that waits for that thread, so the run is stopped the same way and reported
 * FAILED with that error.</li>
 * </ul>
 * The JVM's own reaction to SIGTERM (shutdown hooks, exit 143) is replaced, not added to: it
 * would close the Spring context under the running job.
 */
final class Interrupts {

    /** How long a stop may take before the process ends without waiting for it. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);
    private static volatile Interrupts current;

    private final CommandLine command;
    private final AtomicInteger signals = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile JobOperator operator;
    private volatile JobRepository repository;
    private volatile Throwable threadError;
    private volatile String stoppedStep;

    private Interrupts(CommandLine command) {
        this.command = command;
    }

    /** Catches SIGTERM and SIGINT for the whole process ({@code main} only: not in a test's JVM). */
    @SuppressWarnings("restriction")
    static void catchSignals() {
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                Interrupts run = current;
                if (run != null) {
                    run.signalled("SIG" + s.getName());
                } else {
                    Runtime.getRuntime().halt(ExitCodes.FAILED); // before any words were read
                }
            });
        }
    }

    /** The run of this process from now on: errors in any thread end it. */
    static Interrupts begin(CommandLine command) {
        StopRequest.clear();
        Interrupts run = new Interrupts(command);
        current = run;
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> run.threadDied(thread, error));
        return run;
    }

    static Interrupts current() {
        return current;
    }

    /** The job machinery is up: a stop from now on goes through it. */
    void attach(JobOperator operator, JobRepository repository) {
        this.repository = repository;
        this.operator = operator;
    }

    /**
     * Prints the run's summary line, unless the process is already ending without it waiting
     * (then that end printed one). The one way the last line reaches stdout.
     */
    synchronized void finish(Object summary) {
        if (finished.getCount() > 0) {
            System.out.println(summary);
            System.out.flush();
            finished.countDown();
        }
    }

    /**
     * What a run that ended STOPPED or by another thread's error reports: the error for the
     * summary line, after recording a thread's error as the run's failure in the repository.
     */
    String settle(JobExecution execution) {
        Throwable error = threadError;
        if (error != null && execution.getStatus() != BatchStatus.COMPLETED) {
            String message = describe(error);
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription(message));
            if (repository != null) {
                repository.update(execution);
            }
            return message;
        }
        return execution.getStatus() == BatchStatus.STOPPED && StopRequest.requested()
                ? "stopped by " + StopRequest.reason() + "; the same command resumes it" : null;
    }

    void signalled(String signal) {
        if (signals.incrementAndGet() > 1) {
            LOG.warn("{} again: ending at once; the next run recovers this one", signal);
            end("STOPPED", "a second " + signal + " ended the run at once; the same command recovers and resumes it");
            return;
        }
        LOG.warn("{}: stopping the run (the work done so far is kept; the same command resumes it)", signal);
        stop(signal);
    }

    private void threadDied(Thread thread, Throwable error) {
        if (!(error instanceof Error)) {
            LOG.error("thread {} ended by an exception", thread.getName(), error);
            return;
        }
        if (threadError == null) {
            threadError = new ThreadDeath(thread.getName(), error);
        }
        LOG.error("{} in thread {}: stopping the run", error, thread.getName(), error);
        stop(describe(threadError));
    }

    /**
     * Records the stop in the repository first ({@code JobOperator.stop} writes the running steps),
     * and only then makes the steps fail: a step that failed at once would write its own row while
     * the stop writes it, and one of the two writes would lose (the step left UNKNOWN, which no
     * re-run may restart).
     */
    private void stop(String reason) {
        if (operator == null) { // no job (list, validate, prune…) or not started yet: nothing to resume
            StopRequest.request(reason);
            end("STOPPED", "stopped by " + reason);
            return;
        }
        watchdog();
        for (JobExecution execution : runningExecutions()) {
            try {
                operator.stop(execution);
            } catch (Exception e) {
                LOG.warn("could not mark run {} as stopping: {}", execution.getId(), e.toString());
            }
        }
        StopRequest.request(reason);
        SiteShells.abortAll();
    }

    /** This site's runs that have not ended: the job, and a restore's safety snapshot inside it. */
    private List<JobExecution> runningExecutions() {
        List<JobExecution> running = new ArrayList<>();
        for (String job : repository.getJobNames()) {
            for (JobExecution execution : repository.findRunningJobExecutions(job)) {
                if (concernsSite(execution.getJobParameters())) {
                    running.add(execution);
                    execution.getStepExecutions().stream().filter(s -> s.getStatus().isRunning())
                            .map(StepExecution::getStepName).findFirst().ifPresent(s -> stoppedStep = s);
                }
            }
        }
        return running;
    }

    /** In a shared repository, other sites' runs belong to other processes. */
    private boolean concernsSite(JobParameters parameters) {
        if (command.fleet() && command.repositoryUrl() == null) {
            return true; // the fleet's own repository: its lock keeps every other process out
        }
        String site = command.lockSite();
        if (site == null) {
            return false; // a worker: its sites' shells are aborted, their runs end by themselves
        }
        return site.equals(parameters.getString("target")) || (parameters.getString("target") == null
                && site.equals(parameters.getString("site")));
    }

    private void watchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                if (!finished.await(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    LOG.error("the run did not stop within {} s; ending now (the next run recovers it)",
                            GRACE.toSeconds());
                    end(threadError != null ? "FAILED" : "STOPPED", (threadError != null ? describe(threadError)
                            : "stopped by " + StopRequest.reason()) + "; ended after " + GRACE.toSeconds()
                            + " s without waiting for the steps; the same command recovers and resumes it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Ends the process now with exit 1, printing the summary line if none was printed. */
    private synchronized void end(String status, String error) {
        Summary summary = new Summary(command.job()).add("site", command.site()).add("status", status)
                .add("step", stoppedStep).add("error", error);
        if (command.site() != null) {
            summary.resume(command);
        }
        finish(summary);
        Runtime.getRuntime().halt(ExitCodes.FAILED);
    }

    private static String describe(Throwable error) {
        return error instanceof ThreadDeath death ? death.getMessage() : error.toString();
    }

    /** An error that killed a thread: its message names the thread. */
    private static final class ThreadDeath extends RuntimeException {

        ThreadDeath(String thread, Throwable error) {
            super(error.getClass().getSimpleName() + " in thread " + thread
                    + (error.getMessage() == null ? "" : ": " + error.getMessage()), error);
        }
    }
}
