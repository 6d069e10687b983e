package org.backupbatch.cli;

import java.time.Duration;
import org.backupbatch.errors.StopRequest;
import org.backupbatch.config.SiteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.stereotype.Component;

/**
 * {@code job=worker [concurrency=N] [queue=<name>]} with a shared repository
 * ({@code spring.datasource.url=}) and RabbitMQ ({@code spring.rabbitmq.*}): serves the partition
 * requests of distributed fleet nights ({@code job=backup site=all mode=distributed}), {@code
 * concurrency} at once (default 2: each consumer runs one site on its own thread), until the
 * process is stopped (SIGTERM or SIGINT: exit 0, {@code worker queue=… status=STOPPED}). Each
 * request is served by {@link FleetWorker}.
 */
@Component
class WorkerCommand {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);
    static final int DEFAULT_CONSUMERS = 2;
    private static final Duration STOP_POLL = Duration.ofMillis(200);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job backupJob;
    private final SiteRegistry sites;
    private final ObjectProvider<ConnectionFactory> connections;
    private final ObjectProvider<AmqpAdmin> admin;
    private final ObjectProvider<RabbitTemplate> rabbit;
    private final BeanFactory beans;
    private final RunIndex index;

    WorkerCommand(JobOperator operator, JobRepository repository, @Qualifier("backupJob") Job backupJob,
            SiteRegistry sites, ObjectProvider<ConnectionFactory> connections, ObjectProvider<AmqpAdmin> admin,
            ObjectProvider<RabbitTemplate> rabbit, BeanFactory beans, RunIndex index) {
        this.rabbit = rabbit;
        this.index = index;
        this.operator = operator;
        this.repository = repository;
        this.backupJob = backupJob;
        this.sites = sites;
        this.connections = connections;
        this.admin = admin;
        this.beans = beans;
    }

    int run(CommandLine command) {
        String queue = command.params().getOrDefault("queue", FleetQueue.DEFAULT);
        int consumers = command.params().containsKey("concurrency")
                ? FleetWords.concurrency(command.params()) : DEFAULT_CONSUMERS;
        FleetQueue.declare(admin.getObject(), queue);
        FleetSiteRunner runner = new FleetSiteRunner(command, new Launcher(operator, repository, index),
                new BackupCommand(backupJob, sites), sites, false);
        AmqpInboundChannelAdapter adapter = FleetQueue.listen(connections.getObject(), queue, consumers,
                new FleetWorker(repository, command, runner, System.getenv(),
                        request -> rabbit.getObject().convertAndSend("", queue, request)), beans);
        adapter.start();
        LOG.info("worker {} serving queue {} with {} consumers", SiteLease.host(System.getenv()), queue, consumers);
        try {
            while (!StopRequest.requested()) { // SIGTERM/SIGINT (Interrupts): stop taking requests
                Thread.sleep(STOP_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the running sites' remote commands are aborted by Interrupts: their partitions end
        // STOPPED or FAILED, and the night's re-run resumes those sites
        adapter.stop();
        LOG.info("worker stopped by {}", StopRequest.reason());
        Interrupts.current().finish(new Summary("worker").add("queue", queue).add("status", "STOPPED"));
        return ExitCodes.COMPLETED;
    }
}
