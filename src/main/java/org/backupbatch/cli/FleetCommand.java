package org.backupbatch.cli;

import java.time.LocalDate;
import java.util.Map;
import org.backupbatch.backup.FleetJob;
import org.backupbatch.backup.FleetKeys;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * {@code job=backup site=all} (or {@code sites=<group>}): the night of a fleet on this machine.
 * One {@code fleetBackup} job instance per night and selection, launched through the one {@link
 * Launcher}: re-running the command resumes the night (only the sites that did not complete run
 * again), and a night that completed is only reported. {@link FleetReport} prints one line per
 * site and the fleet's line. The fleet's lock ({@code all}), taken by {@link Main}, keeps a second
 * fleet process out; each site's own lock is taken while the site runs ({@link FleetSiteRunner}).
 */
@Component
class FleetCommand {

    private static final Logger LOG = LoggerFactory.getLogger(FleetCommand.class);

    private final Launcher launcher;
    private final JobRepository repository;
    private final BackupCommand backup;
    private final SiteRegistry sites;

    private final ObjectProvider<RabbitTemplate> rabbit;
    private final ObjectProvider<AmqpAdmin> admin;
    private final BeanFactory beans;

    FleetCommand(JobOperator operator, JobRepository repository, @Qualifier("backupJob") Job backupJob,
            SiteRegistry sites, ObjectProvider<RabbitTemplate> rabbit, ObjectProvider<AmqpAdmin> admin,
            BeanFactory beans, RunIndex index) {
        this.rabbit = rabbit;
        this.admin = admin;
        this.beans = beans;
        this.launcher = new Launcher(operator, repository, index);
        this.repository = repository;
        this.backup = new BackupCommand(backupJob, sites);
        this.sites = sites;
    }

    int run(CommandLine command) {
        Map<String, String> params = command.params();
        String selection = FleetWords.selection(params);
        LocalDate night = FleetWords.night(params);
        Summary line = new Summary("fleet").add("night", night);
        FleetReport report = new FleetReport(repository, backup, command);
        try {
            Map<String, String> hosts = FleetSelection.hosts(sites, selection);
            Job job = FleetWords.distributed(params) ? distributed(params, hosts)
                    : FleetJob.build(repository, new FleetSiteRunner(command, launcher, backup, sites), hosts,
                            FleetWords.concurrency(params), FleetWords.perHost(params));
            LOG.info("fleet night {} of {}: {} sites, concurrency={} per_host={}", night, selection, hosts.size(),
                    FleetWords.concurrency(params), FleetWords.perHost(params));
            JobExecution execution = launch(job, selection, night, command);
            return report.print(execution, hosts.keySet(), line, System.out);
        } catch (ConfigurationError e) {
            LOG.error("{}", e.getMessage());
            Interrupts.current().finish(line.add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        } catch (Exception e) {
            LOG.error("fleet night {} of {} could not be launched", night, selection, e);
            Interrupts.current().finish(line.add("status", "FAILED").add("error", e.toString()).resume(command));
            return ExitCodes.FAILED;
        }
    }

    /**
     * The manager of a distributed night: requests to the queue, progress read from the shared
     * repository every {@link #POLL}. The caps are the workers' consumers, not this process's.
     */
    private Job distributed(Map<String, String> params, Map<String, String> hosts) {
        String queue = FleetWords.queue(params);
        FleetQueue.declare(admin.getObject(), queue);
        LOG.info("distributed: one request per site to queue {}; the workers' consumers bound how many run at once, "
                + "per_host={} how many of one SSH host across the workers", queue, FleetWords.perHost(params));
        return FleetJob.distributed(repository, hosts, FleetWords.perHost(params),
                FleetQueue.requests(rabbit.getObject(), queue, beans), POLL.toMillis());
    }

    static final java.time.Duration POLL = java.time.Duration.ofSeconds(5);

    /** Starts or resumes the night; a night already completed is read back, not run. */
    private JobExecution launch(Job job, String selection, LocalDate night, CommandLine command) throws Exception {
        JobParameters parameters = new JobParametersBuilder().addString(FleetKeys.PARAM_SITES, selection)
                .addString(FleetKeys.PARAM_NIGHT, night.toString()).toJobParameters();
        Launcher.Request request = new Launcher.Request(job,
                p -> selection.equals(p.getString(FleetKeys.PARAM_SITES)),
                p -> night.toString().equals(p.getString(FleetKeys.PARAM_NIGHT)),
                p -> "fleet night " + p.getString(FleetKeys.PARAM_NIGHT) + " of sites=" + selection,
                () -> parameters, last -> { }, new Launcher.Key(FleetKeys.PARAM_SITES, selection));
        // a manager that died left the night STARTED: its partitions are recovered under their sites' leases
        new PartitionRecovery(repository, command, System.getenv(), POLL).recover(launcher.lastExecution(
                FleetKeys.JOB, request.key(), request.sameSite().and(request.sameRequest())));
        try {
            return launcher.launch(request, false);
        } catch (JobInstanceAlreadyCompleteException e) {
            JobInstance instance = repository.getJobInstance(FleetKeys.JOB, parameters);
            LOG.info("fleet night {} of {} has completed already: nothing to run", night, selection);
            return repository.getLastJobExecution(instance);
        }
    }
}
