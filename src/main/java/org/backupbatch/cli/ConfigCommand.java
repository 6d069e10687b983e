package org.backupbatch.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.backupbatch.config.EffectiveConfig;
import org.backupbatch.config.SiteConfigLoader;
import org.backupbatch.config.SiteFileInit;
import org.backupbatch.errors.ConfigurationError;

/**
 * {@code job=config}: {@code site=X} prints the site's effective configuration, each value with
 * the layer it came from, secrets hidden, then loads it as a run would (exit 2 when that fails);
 * {@code action=init} writes a new site file ({@link SiteFileInit}) and runs the validate checks;
 * {@code action=seal} is {@link SealCommand}. No Spring, no site lock, no job repository: it runs
 * beside a backup of the same site.
 */
final class ConfigCommand {

    /** The validate checks that {@code action=init} runs on the file it wrote ({@link ValidateCommand}). */
    @FunctionalInterface
    interface SiteChecks {

        /** Runs the checks of a site, one line each; returns the exit code (0 all pass, 1 one fails, 2 configuration). */
        int run(Path home, String site, PrintStream out, PrintStream err);
    }

    private final Path home;
    private final SiteConfigLoader loader;
    private final Map<String, String> env;
    private final SiteChecks checks;

    ConfigCommand(Path home, SiteConfigLoader loader, Map<String, String> env, SiteChecks checks) {
        this.home = home;
        this.loader = loader;
        this.env = env;
        this.checks = checks;
    }

    /** As run from the command line: the home folder's sites, the process's environment. */
    static ConfigCommand of(Path home, Map<String, String> env) {
        return new ConfigCommand(home, new SiteConfigLoader(home, env), env, (h, site, out, err) -> {
            PlainLogging.configure(); // writes nothing, as job=validate
            return new ValidateCommand(h, env).run(site, out);
        });
    }

    /** @return the exit code */
    int run(CommandLine command, Console console, InputStream in, PrintStream out, PrintStream err) {
        String action = command.params().get("action");
        if ("seal".equals(action)) {
            return new SealCommand(home, env).run(console, in, out, err);
        }
        Summary summary = new Summary("config").add("action", action).add("site", command.site());
        try {
            return "init".equals(action) ? init(command, summary, out, err) : show(command.site(), summary, out, err);
        } catch (ConfigurationError e) {
            err.println("error: " + ShownWords.masked(e.getMessage()));
            out.println(summary.add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        }
    }

    private int show(String site, Summary summary, PrintStream out, PrintStream err) {
        EffectiveConfig config = loader.explain(site);
        ConfigurationError invalid = null;
        try {
            loader.load(site); // also makes its secrets known to Secret.mask before anything is printed
        } catch (ConfigurationError e) {
            invalid = e;
        }
        EffectiveConfigTable.print(config, out);
        if (invalid != null) {
            throw invalid;
        }
        out.println(summary.add("status", "COMPLETED"));
        return ExitCodes.COMPLETED;
    }

    private int init(CommandLine command, Summary summary, PrintStream out, PrintStream err) {
        Map<String, String> words = command.params();
        Path file = new SiteFileInit(loader).write(new SiteFileInit.Request(command.site(), words.get("provider"),
                words.get("app_type"), words.get("host"), words.get("port"), words.get("user"), words.get("remote_path"),
                words.get("private_key_path"), words.get("known_hosts")));
        out.println("wrote " + file + " (it loads; edit it to add more)");
        int code = checks.run(home, command.site(), out, err);
        out.println("next: java -jar backup-batch.jar job=validate site=" + command.site()
                + (words.containsKey("home") ? " home=" + home : ""));
        String status = switch (code) {
            case ExitCodes.COMPLETED -> "COMPLETED";
            case ExitCodes.BAD_CONFIGURATION -> "INVALID";
            default -> "FAILED";
        };
        out.println(summary.add("status", status).path("file", file.toString()));
        return code;
    }
}
