package org.backupbatch.backup;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.messaging.MessageChannel;

/**
 * The fleet job of one machine, {@code fleetBackup}: a manager step that makes one partition per
 * site ({@code fleetSite:<site>}), each running that site's own backup job ({@link
 * SiteBackupStep}), under the caps of {@link HostCappedPartitionHandler}. Built per command, not
 * a bean: the sites and caps are the command's. One job instance per night and selection; a
 * restart of the night runs again only the partitions that did not complete (Spring Batch's
 * splitter skips completed ones), and a site added since gets a partition of its own.
 */
public final class FleetJob {

    private FleetJob() {
    }

    /**
     * @param hosts       site → its SSH host ({@code host:port}, {@code local}), in start order
     * @param concurrency sites at once (≥ 1)
     * @param perHost     sites at once per SSH host (≥ 1)
     */
    public static Job build(JobRepository repository, SiteRunner runner, Map<String, String> hosts, int concurrency,
            int perHost) {
        Step site = new SiteBackupStep(repository, runner);
        Step manager = new StepBuilder(FleetKeys.STEP_SITES, repository)
                .partitioner(FleetKeys.STEP_SITE, partitioner(hosts, perHost))
                .partitionHandler(new HostCappedPartitionHandler(site, concurrency, perHost))
                .build();
        return new JobBuilder(FleetKeys.JOB, repository).start(manager).build();
    }

    /**
     * The fleet job of several machines: the manager step sends one request per site's partition
     * to {@code requests} (a RabbitMQ queue behind it) and polls the repository every {@code
     * pollMillis} until every partition has ended: the repository stays the one record of the
     * night (replies are not aggregated: that mode has known restart bugs upstream). Workers
     * ({@code job=worker}) run the partitions with {@link #siteStep}, at most {@code perHost} sites
     * of one SSH host at once across them (each partition carries it, {@link FleetKeys#PER_HOST}).
     */
    public static Job distributed(JobRepository repository, Map<String, String> hosts, int perHost,
            MessageChannel requests, long pollMillis) {
        Step manager = new RemotePartitioningManagerStepBuilder(FleetKeys.STEP_SITES, repository)
                .partitioner(FleetKeys.STEP_SITE, partitioner(hosts, perHost))
                .outputChannel(requests).pollInterval(pollMillis).timeout(DISTRIBUTED_TIMEOUT_MILLIS)
                .build();
        return new JobBuilder(FleetKeys.JOB, repository).start(manager).build();
    }

    /** How long a distributed night may take before the manager gives up (its re-run resumes it): 24 h. */
    static final long DISTRIBUTED_TIMEOUT_MILLIS = 24L * 3600 * 1000;

    /** The step a worker runs for a partition it was sent: the site's own backup, through {@code runner}. */
    public static Step siteStep(JobRepository repository, SiteRunner runner) {
        return new SiteBackupStep(repository, runner);
    }

    /** One partition per site, named after it: the names are the same on every run of the night. */
    static Partitioner partitioner(Map<String, String> hosts, int perHost) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            hosts.forEach((site, host) -> {
                ExecutionContext context = new ExecutionContext();
                context.putString(FleetKeys.SITE, site);
                context.putString(FleetKeys.HOST, host);
                context.putInt(FleetKeys.PER_HOST, perHost);
                partitions.put(site, context);
            });
            return partitions;
        };
    }
}
