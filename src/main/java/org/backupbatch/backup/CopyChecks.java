package org.backupbatch.backup;

import java.util.ArrayList;
import java.util.List;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.offsite.CopyCatalog;
import org.backupbatch.offsite.OffsiteFetch;
import org.backupbatch.offsite.OffsiteUpload;

/**
 * {@code job=validate}'s checks of the site's off-site copies: each is logged in to and its
 * folder listed, nothing written. Not run before a backup: an unreachable copy must not stop the
 * local backup, which the copy step then reports.
 */
public final class CopyChecks {

    private CopyChecks() {
    }

    /** One result per copy, {@code copy <name>}: ok with what is there, or the error and a fix. */
    public static List<CheckResult> check(SiteConfig config, String site) {
        List<CheckResult> results = new ArrayList<>();
        for (OffsiteCopy copy : config.copies()) {
            String check = "copy " + copy.name();
            try {
                List<CopyCatalog.Entry> entries = OffsiteFetch.list(copy, site, OffsiteUpload.realStores(0));
                long complete = entries.stream().filter(CopyCatalog.Entry::complete).count();
                results.add(CheckResult.ok(check, describe(copy) + " reachable; " + complete + " complete backups of "
                        + site + " there" + (entries.size() > complete ? ", " + (entries.size() - complete)
                        + " unfinished" : "")));
            } catch (Exception e) {
                results.add(CheckResult.error(check, describe(copy) + ": " + e.getMessage(), copy instanceof
                        OffsiteCopy.S3 ? "check endpoint, region, bucket and the keys of copies (" + copy.name() + ")"
                        : "check host, port, user, the key and known_hosts of copies (" + copy.name() + ")"));
            }
        }
        return results;
    }

    private static String describe(OffsiteCopy copy) {
        return copy instanceof OffsiteCopy.S3 s3 ? s3.describe() : ((OffsiteCopy.Sftp) copy).describe();
    }
}
