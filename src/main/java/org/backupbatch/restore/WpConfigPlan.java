package org.backupbatch.restore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.WpConfigRewriter;
import org.backupbatch.config.WpConfigRewriter.Definition;
import org.backupbatch.errors.ConfigurationError;

/**
 * The wp-config.php a restore puts into a WordPress target, computed by the plan from the
 * backup's copy before anything on the target changes: {@code DB_*} name the target's database
 * (a staging copy never runs on production's credentials, a same-site restore keeps the
 * credentials the site has now), and {@code WP_HOME}/{@code WP_SITEURL} the target's URLs when
 * they are literals. A {@code DB_*} define that cannot be rewritten stops the restore before it
 * starts; a computed {@code WP_HOME} is left as it is, with a warning. Every other byte stays.
 *
 * @param content  the file to write, as bytes
 * @param mode     its mode, as in the backup (permission bits)
 * @param mtime    its modification time, as in the backup, in seconds since the epoch
 * @param changed  the constants set
 * @param warnings what the plan says about defines it left
 */
record WpConfigPlan(byte[] content, int mode, long mtime, List<String> changed, List<String> warnings) {

    private static final List<String> CREDENTIALS = List.of("DB_NAME", "DB_USER", "DB_PASSWORD", "DB_HOST");

    /**
     * @param backupCopy the backup's wp-config.php, with its mode and mtime
     * @param db         the target's database (with its password), or null to keep the backup's
     * @param what       names the backup's copy in messages
     */
    static WpConfigPlan of(ArchiveParts.Entry backupCopy, SiteConfig.Database db, UrlPlan urls, String what) {
        String php = new String(backupCopy.content(), StandardCharsets.ISO_8859_1);
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (db != null) {
            Map<String, String> credentials = credentials(db);
            for (String constant : CREDENTIALS) {
                Definition definition = WpConfigRewriter.definition(php, constant);
                if (definition == Definition.LITERAL) {
                    values.put(constant, credentials.get(constant));
                } else if (definition == Definition.COMPUTED || !constant.equals("DB_HOST")) {
                    throw new ConfigurationError(what + ": " + constant + " is " + (definition == Definition.COMPUTED
                            ? "computed by PHP" : "not defined") + ", so it cannot be set to the target's "
                            + "database; nothing was changed. Restore with parts=db and copy the files by hand, "
                            + "or make it a plain string in the source site first");
                }
            }
        }
        if (urls.changes()) {
            url(php, "WP_HOME", urls.toHome(), values, warnings);
            url(php, "WP_SITEURL", urls.toSite(), values, warnings);
        }
        values.replaceAll((k, v) -> new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        byte[] content = WpConfigRewriter.rewrite(php, values).getBytes(StandardCharsets.ISO_8859_1);
        return new WpConfigPlan(content, backupCopy.mode(), backupCopy.mtime(), List.copyOf(values.keySet()),
                List.copyOf(warnings));
    }

    private static void url(String php, String constant, String url, Map<String, String> values,
            List<String> warnings) {
        Definition definition = WpConfigRewriter.definition(php, constant);
        if (definition == Definition.LITERAL && url != null) {
            values.put(constant, url);
        } else if (definition == Definition.COMPUTED) {
            warnings.add("wp-config.php: " + constant + " is computed by PHP, so it is left as it is; check that "
                    + "it gives " + url + " on the target");
        }
    }

    private static Map<String, String> credentials(SiteConfig.Database db) {
        String host;
        if (db.socket() != null) {
            host = db.host() + ":" + db.socket();
        } else {
            host = db.port() == SiteConfig.Database.DEFAULT_PORT ? db.host() : db.host() + ":" + db.port();
        }
        return Map.of("DB_NAME", db.name(), "DB_USER", db.user(),
                "DB_PASSWORD", db.password() == null ? "" : db.password().reveal(), "DB_HOST", host);
    }
}
