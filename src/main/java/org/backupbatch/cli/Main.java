package org.backupbatch.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.backup.BackupJobConfiguration;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.restore.DrillJobConfiguration;
import org.backupbatch.restore.RestoreJobConfiguration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.aot.AotDetector;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.util.ClassUtils;

/**
 * {@code java -jar backup-batch.jar job=<job> site=<name> [home=<dir>] [key=value …]}. Words are
 * checked before Spring starts (bad usage exits 2 at once); the repository, logging and the jobs
 * then come up under the home folder, and {@link JobCommand} runs the job. {@code help}, {@code
 * version} and {@code job=config} are no jobs: {@link HelpCommand}, {@link VersionCommand} and
 * {@link ConfigCommand} run before any of that, without lock or Spring.
 *
 * <p>The context is what the jobs use and nothing else (issue 12, start-up): the auto-configurations
 * of the data source, its transaction manager and Spring Batch, named here rather than found
 * (Boot would read and filter some 150 candidates, loading each excluded one), RabbitMQ's only for a
 * distributed fleet, and our configurations imported, not scanned for.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionManagerCustomizationAutoConfiguration.class, BatchAutoConfiguration.class,
        BatchJdbcAutoConfiguration.class})
@Import({BackupJobConfiguration.class, RestoreJobConfiguration.class, DrillJobConfiguration.class, JobCommand.class,
        FleetCommand.class, WorkerCommand.class})
public class Main {

    static final String LOG_FILE = "logs/backup-batch.log";

    public static void main(String[] args) {
        Interrupts.catchSignals();
        int code;
        try {
            code = run(args);
        } catch (Throwable e) { // an Error in this thread, outside any step: still one summary line, exit 1
            e.printStackTrace();
            System.out.println(new Summary(args.length > 0 ? jobWord(args) : "backup-batch").add("status", "FAILED")
                    .add("error", e.toString()));
            code = ExitCodes.FAILED;
        }
        System.exit(code);
    }

    static int run(String[] args) {
        if (args.length == 0) {
            return HelpCommand.withoutWords(System.out, System.err);
        }
        CommandLine command;
        try {
            command = CommandLine.parse(Arrays.asList(args), System.getenv());
        } catch (ConfigurationError e) {
            System.err.println("error: " + ShownWords.masked(e.getMessage()));
            System.out.println(new Summary(args.length > 0 ? jobWord(args) : "backup-batch").add("status", "INVALID")
                    .add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        }
        Interrupts.begin(command);
        switch (command.job()) {
            case "help" -> {
                return HelpCommand.run(System.out);
            }
            case "version" -> {
                return VersionCommand.run(System.out);
            }
            case "config" -> {
                return ConfigCommand.of(command.home(), System.getenv()).run(command, System.console(), System.in,
                        System.out, System.err);
            }
            case "list" -> {
                return new ListCommand(command, System.getenv()).run(System.out, System.err); // no lock, no Spring
            }
            case "prune" -> {
                return PruneCommand.run(command); // no job: it takes each site's lock itself (site=all)
            }
            case ValidateCommand.JOB -> {
                // writes nothing: no lock, no repository, no log file, no Spring
                PlainLogging.configure();
                return new ValidateCommand(command.home(), System.getenv()).run(command.site(), System.out);
            }
            case "worker" -> {
                return runJob(command); // no lock of its own: each partition takes its site's lease
            }
            default -> {
                // a job: lock, Spring, repository below
            }
        }
        // the site's lock comes first: a second run must not even open the site's repository
        // a file lock, or with a shared repository (a JDBC URL) a lease in its database: RunLock
        if (command.repositoryUrl() != null) {
            PlainLogging.configure(); // the lease's JDBC driver logs before Spring does: to stderr, never stdout
        }
        RunLock.Attempt attempt = null;
        try (RunLock lock = (attempt = RunLock.tryAcquire(command, command.lockSite(), System.getenv())).lock()) {
            if (lock == null) {
                String owner = attempt.owner();
                System.err.println("error: a run for site " + command.lockSite() + " is already going on (" + owner
                        + ")");
                Interrupts.current().finish(new Summary(command.job()).add("site", command.site()).add("status", "ALREADY_RUNNING")
                        .add("owner", owner));
                return ExitCodes.ALREADY_RUNNING;
            }
            return runJob(command);
        } catch (IOException | ConfigurationError e) {
            if (e.getCause() instanceof java.sql.SQLException) {
                // the shared repository, where the lease lives, cannot be reached: as when Spring
                // cannot open it (exit 1: it may be down for a while; the same words resume)
                String error = StartupFailure.describe(e, command, command.home().resolve(LOG_FILE));
                System.err.println("error: " + error);
                Interrupts.current().finish(new Summary(command.job()).add("site", command.site())
                        .add("status", "FAILED").add("error", error).resume(command));
                return ExitCodes.FAILED;
            }
            String error = e instanceof IOException && command.repositoryUrl() == null
                    ? "cannot write in " + command.home() + "/.backup-batch: " + e.getMessage() : e.getMessage();
            System.err.println("error: " + ShownWords.masked(error));
            Interrupts.current().finish(new Summary(command.job()).add("site", command.site()).add("status", "INVALID")
                    .add("error", error));
            return ExitCodes.BAD_CONFIGURATION;
        }
    }

    private static int runJob(CommandLine command) {
        boolean queue = command.fleet() || command.job().equals("worker"); // RabbitMQ: a distributed fleet only
        SpringApplication app = queue ? new SpringApplication(Main.class, QueueConfiguration.class) : new SpringApplication(Main.class);
        app.setDefaultProperties(defaults(command));
        if (!queue && ClassUtils.isPresent(AotContext.INITIALIZER, Main.class.getClassLoader())) {
            // the bean definitions the build generated (process-aot), not parsed again at each start
            System.setProperty(AotDetector.AOT_ENABLED, "true");
            app.addInitializers(AotApplicationContextInitializer.forInitializerClasses(AotContext.INITIALIZER));
        }
        ConfigurableApplicationContext context;
        try {
            context = app.run(springArgs(command));
        } catch (RuntimeException e) {
            // Spring's own report of this is switched off (LogSetup): a chain of
            // bean-creation errors that buries the cause; one line here, the chain in the log file
            Path logFile = command.home().resolve(LOG_FILE);
            String error = StartupFailure.describe(e, command, logFile);
            // loggers are taken only now: Spring has configured logging (LogSetup) by then
            LoggerFactory.getLogger(Main.class).error("{}", error);
            // this logger writes only to the log file, at debug: the full chain, secrets masked
            LoggerFactory.getLogger(StartupFailure.class).debug("{} of site {} could not start", command.job(),
                    command.site(), e);
            Interrupts.current().finish(new Summary(command.job()).add("site", command.site()).add("status", "FAILED")
                    .add("error", error).resume(command));
            return ExitCodes.FAILED;
        }
        int code = command.fleet() ? context.getBean(FleetCommand.class).run(command)
                : command.job().equals("worker") ? context.getBean(WorkerCommand.class).run(command)
                : context.getBean(JobCommand.class).run(command);
        return SpringApplication.exit(context, () -> code);
    }

    @Bean
    SiteRegistry siteRegistry(org.springframework.core.env.Environment environment) {
        return new SiteRegistry(Path.of(environment.getRequiredProperty("backup-batch.home")), System.getenv());
    }

    /** Finds a site's runs in the repository by one indexed query (the index made by {@link BatchSchema}). */
    @Bean
    RunIndex runIndex(javax.sql.DataSource dataSource,
            org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties properties) {
        return new RunIndex(dataSource, BatchSchema.prefix(properties));
    }

    /** Replaces Boot's schema initializer: the script runs only when a table is missing. */
    @Bean
    BatchSchema batchSchema(javax.sql.DataSource dataSource,
            org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties properties) {
        return new BatchSchema(dataSource, properties);
    }

    private static Map<String, Object> defaults(CommandLine command) {
        Path home = command.home();
        // one repository per site: runs of different sites never contend for one HSQLDB file; the
        // site lock, taken before this, is what keeps a second process out of it, so HSQLDB's own
        // lock file (which a killed process leaves to go stale for ~10 s) is not used
        Path repository = command.fleet() ? FleetWords.repository(home) // one for the fleet job and its sites' jobs
                : command.lockSite() == null ? home.resolve(".backup-batch") // a worker: a JDBC URL is required
                : home.resolve(".backup-batch").resolve("sites").resolve(command.lockSite());
        Path log = home.resolve(LOG_FILE);
        // owner-only (0700 folders, a 0600 log) whatever the umask: the repository and the log
        // record a site's paths, names and failures; the log files that Logback makes later
        // (when it rolls) are covered by their 0700 folder
        try {
            PrivateFiles.folder(repository);
            PrivateFiles.touch(log);
        } catch (IOException e) {
            throw new ConfigurationError("cannot write in " + home + ": " + e, e);
        }
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("backup-batch.home", home.toString());
        if (command.repositoryUrl() == null) {
            defaults.put("spring.datasource.url", "jdbc:hsqldb:file:" + repository.resolve("repository")
                    + ";hsqldb.write_delay=false;shutdown=true;hsqldb.lock_file=false");
            defaults.put("spring.datasource.username", "sa");
        }
        defaults.put("logging.file.name", log.toString());
        if (command.fleet() || command.job().equals("worker")) {
            defaults.putAll(FleetWords.springDefaults(command)); // a pool and HSQLDB mode for sites at once
        }
        return defaults;
    }

    private static String[] springArgs(CommandLine command) {
        return command.springProperties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private static String jobWord(String[] args) {
        return Arrays.stream(args).filter(a -> a.startsWith("job=") && a.length() > 4).map(a -> a.substring(4))
                .findFirst().orElse("backup-batch");
    }
}
