package org.backupbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.backupbatch.errors.ConfigurationError;

/**
 * The words of one invocation: {@code job=<job> [site=<name>] [home=<dir>] [key=value …]}, plus
 * Spring properties ({@code spring.datasource.url=…}, {@code logging.level.x=…}) passed through.
 *
 * @param words the words as given, to print the command that resumes a failed run
 */
record CommandLine(String job, String site, Path home, Map<String, String> params, Map<String, String> springProperties,
        List<String> words) {

    static final Map<String, Set<String>> JOBS = Map.of("backup", Set.of("job", "site", "home", "fresh"));

    static CommandLine parse(List<String> words, Map<String, String> env) {
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> spring = new LinkedHashMap<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationError("'" + word + "' is not a key=value word; usage: " + usage());
            }
            String key = word.substring(0, eq);
            String value = word.substring(eq + 1);
            Map<String, String> target = key.startsWith("spring.") || key.startsWith("logging.") ? spring : params;
            if (target.put(key, value) != null) {
                throw new ConfigurationError(key + "= is given twice");
            }
        }
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
        String site = params.get("site");
        if (site == null || site.isBlank()) {
            throw new ConfigurationError("site= is missing: job=" + job + " backs up one site, e.g. job=" + job
                    + " site=blog");
        }
        String fresh = params.getOrDefault("fresh", "no");
        if (!fresh.equals("yes") && !fresh.equals("no")) {
            throw new ConfigurationError("fresh=" + fresh + ": use fresh=yes (abandon a failed run and start a new "
                    + "backup) or leave it out");
        }
        return new CommandLine(job, site, home(params.get("home"), env), Map.copyOf(params), Map.copyOf(spring),
                List.copyOf(words));
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
        return "java -jar backup-batch.jar job=<" + String.join("|", new TreeSet<>(JOBS.keySet()))
                + "> site=<name> [home=<dir>] [fresh=yes]";
    }

    /** {@code fresh=yes}: abandon a failed run instead of resuming it. */
    boolean fresh() {
        return "yes".equals(params.get("fresh"));
    }

    /** The command that runs this again, e.g. to resume after a failure (never with fresh=yes). */
    String rerunCommand() {
        return "java -jar backup-batch.jar " + String.join(" ", words.stream().filter(w -> !w.startsWith("fresh=")).toList());
    }
}
