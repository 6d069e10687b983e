package org.backupbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.backupbatch.config.Names;
import org.backupbatch.config.Secret;
import org.backupbatch.errors.ConfigurationError;

/**
 * The words of one invocation: {@code job=<job> [site=<name>] [home=<dir>] [key=value …]}, plus
 * Spring properties ({@code spring.datasource.url=…}, {@code logging.level.x=…}) passed through.
 * Site names are checked here, before any path is built from them; secret words are remembered
 * for {@link Secret#mask} and never shown again (see {@link ShownWords}).
 *
 * @param site          the site; null for {@code job=config action=seal}, which serves the whole home
 *                      folder, and for {@code help} and {@code version}
 * @param home          the home folder; null for {@code help} and {@code version} ({@code --help},
 *                      {@code --version}), which need none
 * @param repositoryUrl the job repository's JDBC URL as given ({@code spring.datasource.url=} or
 *                      {@code SPRING_DATASOURCE_URL}), or null for the built-in file repository
 * @param words         the words as given, to print the command that resumes a failed run
 */
record CommandLine(String job, String site, Path home, Map<String, String> params, Map<String, String> springProperties,
        String repositoryUrl, List<String> words) {

    static final Map<String, Set<String>> JOBS = Map.of(
            "backup", Set.of("job", "site", "home", "fresh", "sites", "concurrency", "per_host", "night", "mode", "queue"),
            "worker", Set.of("job", "home", "concurrency", "queue"), // these and backup's last six: FleetWords
            "restore", Set.of("job", "site", "home", "fresh", "backup", "target", "parts", "mode", "dry-run", "confirm",
                    "keep_backup_credentials", "from"),
            "config", Set.of("job", "site", "home", "action", "provider", "app_type", "host", "port", "user",
                    "remote_path", "private_key_path", "known_hosts"),
            "help", Set.of("job"),
            "version", Set.of("job"),
            "list", Set.of("job", "site", "home", "format", "from", "sites", "night"),
            "drill", Set.of("job", "site", "home", "fresh", "backup"),
            "prune", Set.of("job", "site", "home", "dry-run"),
            "validate", Set.of("job", "site", "home"));

    /** Words that are not {@code key=value} but name a job of their own: {@code --help}, {@code --version}. */
    private static final Map<String, String> FLAGS = Map.of("--help", "help", "help", "help", "--version", "version");

    private static final String URL_WORD = "spring.datasource.url";
    private static final String URL_VARIABLE = "SPRING_DATASOURCE_URL";
    private static final List<String> NEED_URL = List.of("spring.datasource.username", "spring.datasource.password");

    static CommandLine parse(List<String> words, Map<String, String> env) {
        String flag = words.stream().filter(FLAGS::containsKey).map(FLAGS::get).sorted().findFirst().orElse(null);
        if (flag != null) {
            return new CommandLine(flag, null, null, Map.of("job", flag), Map.of(), null, List.copyOf(words));
        }
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> spring = new LinkedHashMap<>();
        split(words, params, spring);
        String job = params.get("job");
        if (job == null) {
            throw new ConfigurationError("job= is missing; usage: " + usage());
        }
        if (!JOBS.containsKey(job)) {
            throw new ConfigurationError("job=" + job + " is not a job; available: " + String.join(", ",
                    new TreeSet<>(JOBS.keySet())));
        }
        Set<String> allowed = JOBS.get(job);
        for (String key : params.keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigurationError(key + "= is not known to job=" + job + "; known: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        if (job.equals("help") || job.equals("version")) {
            // no home folder needed, nor read: these answer before anything else
            return new CommandLine(job, null, null, Map.copyOf(params), Map.of(), null, List.copyOf(words));
        }
        if (job.equals("config")) {
            checkConfig(params);
            return new CommandLine(job, params.get("site"), home(params.get("home"), env), Map.copyOf(params),
                    Map.copyOf(spring), null, List.copyOf(words));
        }
        if (job.equals("worker")) { // no site: it serves every site of the fleets' requests
            String url = repositoryUrl(spring, env);
            FleetWords.checkWorker(params, url);
            return new CommandLine(job, null, home(params.get("home"), env), Map.copyOf(params), Map.copyOf(spring),
                    url, List.copyOf(words));
        }
        // job=list: every site unless one is named; it takes no lock, so "all" names no lock file
        String site = job.equals("list") ? ListCommand.site(params) : params.get("site");
        if (job.equals("backup")) {
            site = FleetWords.check(params, site); // site=all or sites=<group>: the fleet's words
        }
        if (site == null || site.isBlank()) {
            throw new ConfigurationError("site= is missing: job=" + job + " backs up one site, e.g. job=" + job
                    + " site=blog");
        }
        Names.check("site name", site);
        if (params.containsKey("target")) {
            Names.check("target= site name", params.get("target"));
        }
        checkFlags(params);
        if (job.equals("restore")) {
            checkRestore(params);
        }
        String url = repositoryUrl(spring, env);
        if (job.equals("backup")) {
            FleetWords.checkMode(params, url);
        }
        return new CommandLine(job, site, home(params.get("home"), env), Map.copyOf(params), Map.copyOf(spring), url,
                List.copyOf(words));
    }

    /** Sorts the words into job words and Spring properties, remembering every secret among them. */
    private static void split(List<String> words, Map<String, String> params, Map<String, String> spring) {
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationError("'" + word + "' is not a key=value word; usage: " + usage());
            }
            String key = word.substring(0, eq);
            String value = word.substring(eq + 1);
            ShownWords.rememberSecrets(key, value);
            if (value.equals(Secret.HIDDEN)) {
                throw new ConfigurationError(key + "=" + Secret.HIDDEN + " stands for a value a resume command does "
                        + "not show: set " + ShownWords.environmentName(key) + " in the environment and leave " + key
                        + "= out");
            }
            Map<String, String> target = key.startsWith("spring.") || key.startsWith("logging.") ? spring : params;
            if (target.put(key, value) != null) {
                throw new ConfigurationError(key + "= is given twice");
            }
        }
    }

    private static void checkFlags(Map<String, String> params) {
        for (String flag : List.of("fresh", "dry-run", "confirm", "keep_backup_credentials")) {
            String value = params.getOrDefault(flag, "no");
            if (!value.equals("yes") && !value.equals("no")) {
                throw new ConfigurationError(flag + "=" + value + ": use " + flag + "=yes or leave it out");
            }
        }
    }

    /**
     * The repository URL given, or null. A user name or password without a URL would go to the
     * built-in file repository, which has its own: refused, as a URL left out by mistake.
     */
    private static String repositoryUrl(Map<String, String> spring, Map<String, String> env) {
        String url = spring.containsKey(URL_WORD) ? spring.get(URL_WORD) : env.get(URL_VARIABLE);
        if (env.containsKey(URL_VARIABLE)) {
            ShownWords.passwordsIn(env.get(URL_VARIABLE)).forEach(Secret::remember);
        }
        Secret.remember(env.get(ShownWords.environmentName(NEED_URL.get(1))));
        for (String key : NEED_URL) {
            if (url == null && spring.containsKey(key)) {
                throw new ConfigurationError(key + "= is given without spring.datasource.url=: it is for a job "
                        + "repository of your own (e.g. spring.datasource.url=jdbc:mariadb://db.example.net/"
                        + "backup_batch);"
                        + " give both, or neither for the built-in one under <home>/.backup-batch");
            }
        }
        return url;
    }

    /** Words only {@code job=config action=init} takes. */
    private static final List<String> INIT_WORDS = List.of("provider", "app_type", "host", "port", "user", "remote_path",
            "private_key_path", "known_hosts");

    /** {@code job=config site=X}, {@code action=init site=X host=… …}, or {@code action=seal} (no site). */
    private static void checkConfig(Map<String, String> params) {
        String action = params.get("action");
        if ("seal".equals(action)) {
            if (params.containsKey("site")) {
                throw new ConfigurationError("site= is not used by job=config action=seal: one master key serves "
                        + "every site of the home folder");
            }
            return;
        }
        if (action != null && !action.equals("init")) {
            throw new ConfigurationError("action=" + action + ": the actions are init and seal; without action= "
                    + "job=config shows a site's configuration");
        }
        String site = params.get("site");
        if (site == null || site.isBlank()) {
            throw new ConfigurationError("site= is missing: e.g. job=config site=blog"
                    + (action == null ? "" : " action=init host=ssh.example.net user=blog remote_path=/home/blog/www"));
        }
        Names.check("site name", site);
        for (String word : INIT_WORDS) {
            if (action == null && params.containsKey(word)) {
                throw new ConfigurationError(word + "= is for job=config action=init; job=config site=" + site
                        + " only shows the configuration");
            }
        }
    }

    private static void checkRestore(Map<String, String> params) {
        if (params.get("backup") == null) {
            throw new ConfigurationError("backup= is missing: job=restore needs backup=<id> or backup=latest");
        }
        String parts = params.getOrDefault("parts", "files,db");
        if (!Set.of("files", "db", "files,db", "db,files").contains(parts)) {
            throw new ConfigurationError("parts=" + parts + ": use parts=files, parts=db or parts=files,db");
        }
        String mode = params.getOrDefault("mode", "overlay");
        if (!mode.equals("overlay") && !mode.equals("mirror")) {
            throw new ConfigurationError("mode=" + mode + ": use mode=overlay (default) or mode=mirror");
        }
    }

    private static Path home(String given, Map<String, String> env) {
        String raw = given != null ? given : env.getOrDefault("BACKUP_BATCH_HOME", ".");
        Path home = Path.of(raw).toAbsolutePath().normalize();
        if (!Files.isDirectory(home)) {
            throw new ConfigurationError("home folder " + home + " does not exist"
                    + (given != null ? " (home=)" : env.containsKey("BACKUP_BATCH_HOME") ? " (BACKUP_BATCH_HOME)" : ""));
        }
        return home;
    }

    static String usage() {
        return "java -jar backup-batch.jar job=backup site=<name> [home=<dir>] [fresh=yes] | job=restore site=<name> "
                + "backup=<id|latest> [target=<site>] [parts=files,db] [mode=overlay|mirror] [dry-run=yes] [confirm=yes] [keep_backup_credentials=yes] [from=<copy>] | job=drill site=<name> [backup=<id|latest>] [fresh=yes]"
                + " | job=validate site=<name>|all [home=<dir>]";
    }

    /** The site a restore writes into: {@code target=}, else the site itself. */
    String target() {
        return params.getOrDefault("target", site);
    }

    /**
     * The site whose lock and repository the run uses: the one it writes into. A drill writes
     * nothing of its site's but the record in a backup's manifest: it takes a lock of its own,
     * {@code <site>.drill} (so a drill runs while the site is backed up, never beside another drill
     * of the site, whose scratch place it would sweep).
     */
    String lockSite() {
        return fleet() ? FleetWords.ALL : job.equals("worker") ? null : job.equals("restore") ? target() : job.equals("drill") ? site + SiteLock.DRILL : site;
    }

    /** {@code job=backup site=all} or {@code sites=<group>}: a fleet night ({@link FleetCommand}). */
    boolean fleet() {
        return job.equals("backup") && FleetWords.ALL.equals(site);
    }

    String backup() {
        return params.get("backup");
    }

    /** The parts asked for, or null: then the parts the backup holds. */
    java.util.Set<String> parts() {
        return params.containsKey("parts") ? Set.of(params.get("parts").split(",")) : null;
    }

    /** {@code parts=} as given, or null. */
    String partsWord() {
        return params.get("parts");
    }

    /** {@code keep_backup_credentials=yes}: a same-site restore brings the backup's DB_* values back. */
    boolean keepBackupCredentials() {
        return "yes".equals(params.get("keep_backup_credentials"));
    }

    String mode() {
        return params.getOrDefault("mode", "overlay");
    }

    boolean dryRun() {
        return "yes".equals(params.get("dry-run"));
    }

    boolean confirm() {
        return "yes".equals(params.get("confirm"));
    }

    /** {@code fresh=yes}: abandon a failed run instead of resuming it. */
    boolean fresh() {
        return "yes".equals(params.get("fresh"));
    }

    /**
     * The command that runs this again, e.g. to resume after a failure: never with fresh=yes, and
     * with every word that is not named as safe to show as {@code key=<hidden>} (see {@link
     * #resumeHint()}).
     */
    String rerunCommand() {
        List<String> shown = new ArrayList<>();
        for (String word : words) {
            String key = word.substring(0, word.indexOf('='));
            if (!key.equals("fresh")) {
                shown.add(ShownWords.shown(key, word.substring(key.length() + 1), params.containsKey(key)));
            }
        }
        return "java -jar backup-batch.jar " + String.join(" ", shown);
    }

    /** What to do about the words {@link #rerunCommand()} hides, or null when it hides none. */
    String resumeHint() {
        List<String> hidden = words.stream().map(w -> w.substring(0, w.indexOf('=')))
                .filter(key -> !key.equals("fresh"))
                .filter(key -> !ShownWords.isShown(key, word(key), params.containsKey(key))).toList();
        return ShownWords.hint(hidden);
    }

    private String word(String key) {
        return params.containsKey(key) ? params.get(key) : springProperties.get(key);
    }
}
