package org.backupbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backupbatch.backup.CheckResult;
import org.backupbatch.backup.SiteChecks;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteConfigLoader;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.remote.Sizes;

/**
 * {@code job=validate site=<name>|all}: runs the checks of the backup's validate step ({@link
 * SiteChecks}, the same code) without writing anything — no job repository, no lock, no log
 * file, nothing in the destination nor on the host — and prints one line per check, then the
 * summary. Exit 0 when every check passes (warnings allowed), 1 when one fails, 2 when a site
 * file cannot be loaded. For {@code all}, each site's lines and summary, then a final line; the
 * exit code is the worst of the sites' (2 over 1 over 0).
 */
final class ValidateCommand {

    static final String JOB = "validate";
    static final String ALL = "all";

    private final SiteConfigLoader loader;

    ValidateCommand(Path home, Map<String, String> env) {
        this.loader = new SiteConfigLoader(home, env);
    }

    int run(String site, PrintStream out) {
        if (!site.equals(ALL)) {
            return validate(site, out);
        }
        long started = System.nanoTime();
        List<String> names = loader.siteNames();
        int worst = ExitCodes.COMPLETED;
        int failed = 0;
        for (String name : names) {
            int code = validate(name, out);
            failed += code == ExitCodes.COMPLETED ? 0 : 1;
            worst = Math.max(worst, code);
        }
        out.println(new Summary(JOB).add("site", ALL).add("status", status(worst)).add("sites", names.size())
                .add("failed", failed).add("duration", seconds(started)));
        return worst;
    }

    /** Validates one site: its lines, then its summary line; returns its exit code. */
    private int validate(String site, PrintStream out) {
        long started = System.nanoTime();
        Summary summary = new Summary(JOB).add("site", site);
        SiteConfig config;
        try {
            config = loader.load(site);
        } catch (ConfigurationError e) {
            out.println(ShownWords.masked(CheckResult.error("configuration", e.getMessage(), "correct the site file, "
                    + "then run job=config site=" + site + " to see the effective values").line()));
            out.println(summary.add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        }
        SiteChecks checks = SiteChecks.withoutWriting(config);
        try {
            checks.local();
            checks.remote();
        } catch (IOException e) {
            throw new IllegalStateException("checks without writing record their failures", e);
        }
        List<CheckResult> results = new java.util.ArrayList<>(checks.results());
        results.addAll(org.backupbatch.backup.CopyChecks.check(config, site)); // off-site copies, read only
        results.forEach(r -> out.println(ShownWords.masked(r.line())));
        int code = exitCode(results);
        SiteChecks.Estimate estimate = checks.estimate();
        out.println(summary.add("status", status(code)).add("checks", results.size())
                .add("warnings", count(results, CheckResult.Outcome.WARNING))
                .add("errors", count(results, CheckResult.Outcome.ERROR))
                .add("files_estimate", human(estimate.files())).add("db_estimate", human(estimate.database()))
                .add("free", human(estimate.free())).add("duration", seconds(started)));
        return code;
    }

    /** 0 when no check failed (warnings allowed), else 1. */
    static int exitCode(List<CheckResult> results) {
        return count(results, CheckResult.Outcome.ERROR) == 0 ? ExitCodes.COMPLETED : ExitCodes.FAILED;
    }

    static String status(int code) {
        return switch (code) {
            case ExitCodes.COMPLETED -> "COMPLETED";
            case ExitCodes.BAD_CONFIGURATION -> "INVALID";
            default -> "FAILED";
        };
    }

    private static long count(List<CheckResult> results, CheckResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** A size for the summary, or {@code -} when it could not be measured (the token stays). */
    private static String human(Long bytes) {
        return bytes == null ? "-" : Sizes.human(bytes);
    }

    private static String seconds(long startedNanos) {
        return String.format(Locale.ROOT, "%.2fs", (System.nanoTime() - startedNanos) / 1e9);
    }
}
