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
                .partitioner(FleetKeys.STEP_SITE, partitioner(hosts))
                .partitionHandler(new HostCappedPartitionHandler(site, concurrency, perHost))
                .build();
        return new JobBuilder(FleetKeys.JOB, repository).start(manager).build();
    }

    /** One partition per site, named after it: the names are the same on every run of the night. */
    static Partitioner partitioner(Map<String, String> hosts) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            hosts.forEach((site, host) -> {
                ExecutionContext context = new ExecutionContext();
                context.putString(FleetKeys.SITE, site);
                context.putString(FleetKeys.HOST, host);
                partitions.put(site, context);
            });
            return partitions;
        };
    }
}
