package org.backupbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.backupbatch.backup.SitePruning;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.offsite.CopyCatalog;
import org.backupbatch.offsite.OffsiteFetch;
import org.backupbatch.offsite.OffsiteUpload;

/**
 * The {@code from=<copy>} word of {@code job=restore} and {@code job=list}: which off-site copy
 * of the site to read. A restore brings the backup back into the local folder first ({@link
 * OffsiteFetch}) and then runs as usual; a list shows the backups on the copy.
 */
final class CopyWords {

    private CopyWords() {
    }

    /** The copy {@code from=} names, or null without {@code from=}; an unknown name is a usage error. */
    static OffsiteCopy copy(SiteConfig config, String site, CommandLine command) {
        String from = command.params().get("from");
        if (from == null) {
            return null;
        }
        OffsiteCopy copy = config.copy(from);
        if (copy == null) {
            throw new ConfigurationError("from=" + from + ": site " + site + " has no copy of that name; its copies: "
                    + (config.copies().isEmpty() ? "none (copies: in its site file)"
                            : String.join(", ", config.copies().stream().map(OffsiteCopy::name).toList())));
        }
        return copy;
    }

    /**
     * For a restore: with {@code from=}, downloads the backup the {@code backup=} word names (on the
     * copy: {@code latest} is the copy's newest) unless it is complete locally already.
     *
     * @return the backup word the restore then resolves locally: the id fetched, else {@code backup=} as given
     */
    static String fetch(SiteConfig config, String site, CommandLine command) throws IOException {
        OffsiteCopy copy = copy(config, site, command);
        if (copy == null) {
            return command.backup();
        }
        return OffsiteFetch.fetch(copy, site, command.backup(), SitePruning.folder(config, site),
                OffsiteUpload.realStores(config.backup().retries()));
    }

    /** {@code job=list site=X from=<copy>}: one line per backup on the copy, then the summary line. */
    static int list(CommandLine command, SiteRegistry registry, PrintStream out, PrintStream err) {
        String site = command.site();
        Summary summary = new Summary("list").add("site", site).add("from", command.params().get("from"));
        try {
            SiteConfig config = registry.site(site);
            OffsiteCopy copy = copy(config, site, command);
            List<CopyCatalog.Entry> entries = OffsiteFetch.list(copy, site,
                    OffsiteUpload.realStores(config.backup().retries()));
            for (CopyCatalog.Entry entry : entries) {
                out.println(entry.id().value() + "  " + (entry.complete() ? "complete  " : "unfinished")
                        + "  " + String.join(" ", entry.names()));
            }
            out.println(summary.add("status", "COMPLETED").add("backups", entries.stream()
                    .filter(CopyCatalog.Entry::complete).count()));
            return ExitCodes.COMPLETED;
        } catch (ConfigurationError e) {
            err.println("error: " + ShownWords.masked(e.getMessage()));
            out.println(summary.add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + ShownWords.masked(String.valueOf(e.getMessage())));
            out.println(summary.add("status", "FAILED").add("error", String.valueOf(e.getMessage())));
            return ExitCodes.FAILED;
        }
    }
}
