package org.backupbatch.backup;

/**
 * Names that identify a fleet night in the job repository ({@code job=backup site=all}): the
 * fleet job, its manager step and the per-site partitions ({@code fleetSite:<site>}), and the
 * values each partition keeps. Like {@link BackupKeys}, they are restart identity: they never change.
 */
public final class FleetKeys {

    public static final String JOB = "fleetBackup";
    /** The manager step: one partition per site. */
    public static final String STEP_SITES = "fleetSites";
    /** The worker step; a partition's step is named {@code fleetSite:<site>}. */
    public static final String STEP_SITE = "fleetSite";

    /** Identifying job parameters: the night ({@code YYYY-MM-DD}) and the selection ({@code all} or a group). */
    public static final String PARAM_NIGHT = "night";
    public static final String PARAM_SITES = "sites";

    /** Partition context: the site, its SSH host ({@code host:port}, or {@code local}). */
    public static final String SITE = "fleet.site";
    public static final String HOST = "fleet.host";
    /**
     * Partition context of a distributed night: the manager's {@code per_host=}, which the workers
     * keep across machines (slots in the shared repository). Written when the partition is first
     * made: a re-run of the night keeps it.
     */
    public static final String PER_HOST = "fleet.perHost";
    /** Partition context, after a run: the site's backup job execution id and its exit code (0–3). */
    public static final String SITE_EXECUTION = "fleet.siteExecution";
    public static final String SITE_CODE = "fleet.siteCode";
    public static final String SITE_ERROR = "fleet.siteError";
    /** Partition context of a distributed night: the worker that ran the site last (its host name). */
    public static final String WORKER = "fleet.worker";
    /**
     * Partition context, written when the partition starts (local and distributed nights): the
     * host name ({@code BACKUP_BATCH_HOST}, else the host's) and pid of the process running the
     * site, so that {@code job=list site=all} says who runs or ran it.
     */
    public static final String RUNNER_HOST = "fleet.runner.host";
    public static final String RUNNER_PID = "fleet.runner.pid";

    private FleetKeys() {
    }

    /** The name of a site's partition step. */
    public static String partitionStep(String site) {
        return STEP_SITE + ":" + site;
    }
}
