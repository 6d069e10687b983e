package org.backupbatch.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scratch place of one restore drill ({@code job=drill}) of a site, and the synthetic site a
 * drill restores into: transport {@code local}, its folder {@code
 * <destination>/.drill-<site>-<run>/files} beside the site's backups, its database a scratch one
 * named for the run on the {@code drill.database} server, no URL of its own (URLs stay as they
 * are). Everything one drill makes lies in that one folder and that one database.
 * <p>
 * The place is named by the synthetic site's name, {@code .drill-<site>-<run>}: a name no real
 * site can have (site names start with a letter or digit), so that {@link SiteRegistry} gives
 * this configuration for it, the same in every step and after a restart, and a sweep of old drill
 * places can never take a real site's folder.
 *
 * @param site the drilled site's name
 * @param run  the drill's run id ({@code yyyyMMdd'T'HHmmss'Z'}, its start)
 */
public record DrillSite(String site, String run) {

    private static final String PREFIX = ".drill-";
    private static final String RUN = "\\d{8}T\\d{6}Z";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(.+)-(" + RUN + ")");
    private static final int MAX_DATABASE_NAME = 64;
    /** {@code bb_drill_} + site + {@code _} + 6 hex + {@code _} + run: the site part gets what is left. */
    private static final int SITE_PART = MAX_DATABASE_NAME - "bb_drill_".length() - 1 - 6 - 1 - 16;

    public DrillSite {
        Names.check("site name", site);
        if (!run.matches(RUN)) {
            throw new IllegalArgumentException("not a run id: " + run);
        }
    }

    /** The drill a synthetic site name stands for, if it is one. */
    public static Optional<DrillSite> parse(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() && Names.isValid(m.group(1)) ? Optional.of(new DrillSite(m.group(1), m.group(2)))
                : Optional.empty();
    }

    /** The synthetic site's name, {@code .drill-<site>-<run>}. */
    public String name() {
        return PREFIX + site + "-" + run;
    }

    /** The folder that holds all this drill makes on disk: {@code <destination>/.drill-<site>-<run>}. */
    public Path folder(SiteConfig source) {
        return source.backup().destination().resolve(name());
    }

    /** Whether a folder in the destination is the place of another drill of this site. */
    public boolean isOtherPlace(String folderName) {
        return parse(folderName).filter(d -> d.site.equals(site) && !d.run.equals(run)).isPresent();
    }

    /**
     * The scratch database: {@code bb_drill_<site>_<hash>_<run>}, lower case, the site's name
     * with every character but {@code [a-z0-9_]} as {@code _}, cut to fit 64 characters, and six
     * hex digits of the sha256 of the site's backup folder (destination and name), so that two
     * sites that read the same ({@code a.b}, {@code a-b}), or one site of two home folders that
     * share the drill server, never share (nor sweep) each other's databases.
     */
    public String databaseName(SiteConfig source) {
        return databasePrefix(source) + run.toLowerCase(Locale.ROOT);
    }

    /** Whether a database name is the scratch database of another drill of this site. */
    public boolean isOtherDatabase(String name, SiteConfig source) {
        String prefix = databasePrefix(source);
        return name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d{8}t\\d{6}z")
                && !name.equals(databaseName(source));
    }

    /** {@code bb_drill_<site>_<hash>_}, what every scratch database of this site's drills starts with. */
    public String databasePrefix(SiteConfig source) {
        String plain = site.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String folder = source.backup().destination().toAbsolutePath().normalize().resolve(site).toString();
        return "bb_drill_" + plain.substring(0, Math.min(plain.length(), SITE_PART)) + "_" + hash(folder) + "_";
    }

    /** The site a drill of {@code source} restores into. */
    public SiteConfig config(SiteConfig source) {
        SiteConfig.Site site = new SiteConfig.Site(name(), source.site().provider(), source.site().appType(), null,
                Transport.LOCAL);
        SiteConfig.Files files = new SiteConfig.Files(folder(source).resolve("files").toString(),
                source.files().includePatterns(), source.files().excludePatterns());
        // a database even when the site declares none now: the backup's manifest says what it holds
        SiteConfig.Database database = source.drill().database(databaseName(source));
        SiteConfig.Backup backup = source.backup();
        return new SiteConfig(site, null, files, database, new SiteConfig.Backup(backup.destination(),
                backup.compression(), backup.compressionLevel(), backup.retentionDays(), backup.retries(),
                backup.retryDelaySeconds()), source.sourceFile(), source.drill(), null);
    }

    private static String hash(String text) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
