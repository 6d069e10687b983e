package org.backupbatch.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.Names;
import org.backupbatch.errors.ConfigurationError;

/**
 * The words of a fleet night, checked before anything starts (bad ones exit 2): {@code site=all}
 * or {@code sites=<group>} (the sites whose {@code site.groups} name it), {@code concurrency=N}
 * (sites at once, default 4), {@code per_host=N} (sites at once per SSH host, default 2), {@code
 * night=YYYY-MM-DD} (default today, local time). They mean nothing to a one-site backup and are
 * refused there.
 */
final class FleetWords {

    /** The selection of every site, and the name of the fleet's lock. */
    static final String ALL = "all";
    static final int DEFAULT_CONCURRENCY = 4;
    static final int DEFAULT_PER_HOST = 2;
    private static final List<String> WORDS = List.of("sites", "concurrency", "per_host", "night", "mode", "queue");

    private FleetWords() {
    }

    /** Checks the fleet's words of {@code job=backup}; gives the site, {@code all} for {@code sites=<group>}. */
    static String check(Map<String, String> params, String site) {
        String group = params.get("sites");
        if (group != null) {
            Names.check("group name (sites=)", group);
            if (site != null && !site.equals(ALL)) {
                throw new ConfigurationError("site=" + site + " and sites=" + group + ": give one site, or a group "
                        + "with sites=<group> alone");
            }
            site = ALL;
        }
        if (!ALL.equals(site)) {
            for (String word : WORDS) {
                if (params.containsKey(word)) {
                    throw new ConfigurationError(word + "= is for a fleet night (job=backup site=all or "
                            + "sites=<group>), not for one site");
                }
            }
            return site;
        }
        if ("yes".equals(params.get("fresh"))) {
            throw new ConfigurationError("fresh=yes is for one site: a fleet night resumes its failed sites; to "
                    + "start a site over, run job=backup site=<name> fresh=yes");
        }
        count(params, "concurrency", DEFAULT_CONCURRENCY);
        count(params, "per_host", DEFAULT_PER_HOST);
        night(params);
        return site;
    }

    /**
     * {@code mode=local} (default) or {@code mode=distributed}; the latter needs a shared
     * repository: the workers on other machines read and write the same job executions.
     */
    static void checkMode(Map<String, String> params, String repositoryUrl) {
        String mode = params.getOrDefault("mode", "local");
        if (!mode.equals("local") && !mode.equals("distributed")) {
            throw new ConfigurationError("mode=" + mode + ": use mode=local (default) or mode=distributed");
        }
        if (mode.equals("distributed") && repositoryUrl == null) {
            throw new ConfigurationError("mode=distributed needs a job repository the workers share: "
                    + "spring.datasource.url=jdbc:postgresql://… (or jdbc:mariadb://…)");
        }
        queue(params);
    }

    /** {@code job=worker}: a shared repository, a queue name, a consumer count. */
    static void checkWorker(Map<String, String> params, String repositoryUrl) {
        if (repositoryUrl == null) {
            throw new ConfigurationError("job=worker needs the fleet's shared job repository: "
                    + "spring.datasource.url=jdbc:postgresql://… (or jdbc:mariadb://…)");
        }
        concurrency(params);
        queue(params);
    }

    static boolean distributed(Map<String, String> params) {
        return "distributed".equals(params.get("mode"));
    }

    /** {@code queue=}: the RabbitMQ queue of the partition requests; a name, as sites' names are. */
    static String queue(Map<String, String> params) {
        String queue = params.getOrDefault("queue", FleetQueue.DEFAULT);
        Names.check("queue name (queue=)", queue);
        return queue;
    }

    /** {@code all} or the group's name: with the night, what names the fleet's job instance. */
    static String selection(Map<String, String> params) {
        return params.getOrDefault("sites", ALL);
    }

    static int concurrency(Map<String, String> params) {
        return count(params, "concurrency", DEFAULT_CONCURRENCY);
    }

    static int perHost(Map<String, String> params) {
        return count(params, "per_host", DEFAULT_PER_HOST);
    }

    static LocalDate night(Map<String, String> params) {
        String value = params.get("night");
        if (value == null) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigurationError("night=" + value + ": expected a date, YYYY-MM-DD (e.g. night=2026-11-30)");
        }
    }

    /**
     * The job repository of a fleet on one machine, {@code <home>/.backup-batch/fleet/}: the
     * fleet's job and every site's job of it are in one repository, as the fleet's partitions
     * name the sites' job executions; each site's own repository is for its single runs.
     */
    static Path repository(Path home) {
        return home.resolve(".backup-batch").resolve("fleet");
    }

    /**
     * Spring properties for sites running at once. Each running site holds up to three
     * connections (its two transfer steps run in parallel, each step's transaction holding one,
     * and its repository updates): the pool is sized for that. The fleet's HSQLDB file runs in
     * MVCC mode and creates job instances at READ COMMITTED: in HSQLDB's default locking mode,
     * sites creating their runs at once deadlock on the repository's tables ("serialization
     * failure") and its table-based id sequences hand out an id twice. With a JDBC URL of one's
     * own (a fleet's manager, a worker), runs are created at READ COMMITTED too.
     */
    static Map<String, Object> springDefaults(CommandLine command) {
        Map<String, Object> defaults = new java.util.HashMap<>();
        int sites = command.job().equals("worker") && !command.params().containsKey("concurrency")
                ? WorkerCommand.DEFAULT_CONSUMERS : concurrency(command.params());
        defaults.put("spring.datasource.hikari.maximum-pool-size", 3 * sites + 2);
        // PostgreSQL's SERIALIZABLE (the default for creating runs) fails one of two sites created at
        // once ("could not serialize access due to read/write dependencies"), measured with three
        // workers; the unique job key still keeps one instance per site and id
        defaults.put("spring.batch.jdbc.isolation-level-for-create", "read_committed");
        if (command.repositoryUrl() == null) {
            defaults.put("spring.datasource.url", "jdbc:hsqldb:file:" + repository(command.home()).resolve("repository")
                    + ";hsqldb.write_delay=false;shutdown=true;hsqldb.lock_file=false;hsqldb.tx=mvcc");
        }
        return defaults;
    }

    private static int count(Map<String, String> params, String word, int byDefault) {
        String value = params.get(word);
        if (value == null) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationError(word + "=" + value + ": expected a whole number from 1 to 1000");
    }
}
