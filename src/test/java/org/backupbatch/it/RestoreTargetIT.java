package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.BLOG_URL;
import static org.backupbatch.it.RestoreFixtures.STAGING_URL;
import static org.backupbatch.it.RestoreFixtures.restore;
import static org.backupbatch.it.RestoreFixtures.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restores that can never hit the wrong database, against the real sshd and MariaDB: WordPress
 * sites whose database comes only from their wp-config.php (no database section in the site
 * files), as on shared hosting. A failed staging restore, re-run after a newer backup, with other
 * parts or fresh=yes, after production's wp-config.php landed in staging, never writes
 * production's database; a files-only restore leaves staging on its own database; a staging
 * folder cloned with production's wp-config.php is refused; a same-site restore keeps the
 * credentials the site has now; a computed WP_HOME is a warning; the snapshot undoes overlay and
 * mirror restores even where the patterns differ.
 */
class RestoreTargetIT {

    @TempDir
    Path tmp;
    private final String suffix = Long.toString(System.nanoTime() % 100_000_000);
    private final String dbA = "bb_it_tga_" + suffix;
    private final String dbB = "bb_it_tgb_" + suffix;
    private final String userB = "bb_it_tgu_" + suffix;
    private final String passwordB = "pw'B\"" + suffix;
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        RestoreFixtures.dropDatabases(dbA, dbB);
        Database.sql("DROP USER IF EXISTS '" + userB + "'@'localhost'");
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void aFailedStagingRestoreNeverWritesProductionsDatabaseWhateverTheReRun() throws Exception {
        // given: production a and staging b, each known only by its wp-config.php; b's user may only read,
        // so a restore into b fails at the load, after b's files were restored
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT SELECT ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        String first = RestoreFixtures.backup(home, "a");
        Database.sql("INSERT INTO `" + dbA + "`.wp_options (option_name, option_value) VALUES ('bb_marker', 'x')");
        Map<String, String> production = Database.rowHashes(dbA);
        Processes.Result failed = restore(home, "site=a", "backup=latest", "target=b", "confirm=yes");
        assertFailedAtLoadInto(failed, dbB);
        // production's wp-config.php in staging, as an interrupted copy by hand (or an older tool) leaves it;
        // and a newer backup of production
        Path b = folders.get(1);
        copyAsSiteUser(folders.get(0).resolve("wp-config.php"), b.resolve("wp-config.php"));
        Thread.sleep(1100);
        String newer = RestoreFixtures.backup(home, "a");
        assertThat(newer).isNotEqualTo(first);

        // when: the same words again
        Processes.Result resumed = restore(home, "site=a", "backup=latest", "target=b", "confirm=yes");
        // then: the same restore resumes, with the backup it resolved the first time, and still into b's database
        assertFailedAtLoadInto(resumed, dbB);
        assertThat(resumed.stderr()).contains("resuming restore of backup " + first);
        assertThat(token(resumed.summary(), "backup")).isEqualTo(first);

        // when: other parts (a new restore), then fresh=yes (another new one)
        Processes.Result otherParts = restore(home, "site=a", "backup=latest", "target=b", "parts=db", "confirm=yes");
        Processes.Result fresh = restore(home, "site=a", "backup=latest", "target=b", "confirm=yes", "fresh=yes");
        // then: both take b's database from the record kept before anything changed
        assertFailedAtLoadInto(otherParts, dbB);
        assertFailedAtLoadInto(fresh, dbB);
        assertThat(token(fresh.summary(), "backup")).as("a new restore resolves latest again").isEqualTo(newer);

        // when: b's user may write, and the last words run again
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        Processes.Result done = restore(home, "site=a", "backup=latest", "target=b", "confirm=yes");
        // then
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(token(done.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(Database.rowHashes(dbA)).as("production's rows, never written").isEqualTo(production);
        assertThat(withoutUrls(Database.rowHashes(dbB))).as("staging holds production's rows")
                .isEqualTo(withoutUrls(production));
        assertThat(RestoreFixtures.option(dbB, "siteurl")).isEqualTo(STAGING_URL);
        assertThat(RestoreFixtures.dbDefines(Files.readString(b.resolve("wp-config.php"), StandardCharsets.ISO_8859_1)))
                .as("staging's wp-config.php").isEqualTo(Map.of("DB_NAME", dbB, "DB_USER", userB,
                        "DB_PASSWORD", passwordB, "DB_HOST", "localhost"));
        assertThat(home.resolve("backups/b/.work/restore-target")).as("the record goes with a completed restore")
                .doesNotExist();
    }

    @Test
    void aFilesOnlyRestoreLeavesStagingOnItsOwnDatabase() throws Exception {
        // given
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        String id = RestoreFixtures.backup(home, "a");
        Map<String, String> production = Database.rowHashes(dbA);
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b", "parts=files", "confirm=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(token(run.summary(), "files")).as("regular files").isEqualTo("2");
        assertThat(token(run.summary(), "entries")).as("all entries: folders too").isEqualTo("5");
        Path b = folders.get(1);
        assertThat(Files.readString(b.resolve("index.php"))).isEqualTo("production\n");
        String config = Files.readString(b.resolve("wp-config.php"), StandardCharsets.ISO_8859_1);
        assertThat(RestoreFixtures.dbDefines(config)).isEqualTo(Map.of("DB_NAME", dbB, "DB_USER", userB,
                "DB_PASSWORD", passwordB, "DB_HOST", "localhost"));
        assertThat(config).as("WP_HOME and WP_SITEURL follow staging's URL")
                .contains("define( 'WP_HOME', '" + STAGING_URL + "' );")
                .contains("define( 'WP_SITEURL', '" + STAGING_URL + "' );");
        assertThat(Database.rowHashes(dbA)).isEqualTo(production);
        assertThat(Database.rowHashes(dbB)).as("staging's database untouched").isEmpty();
        assertThat(Processes.run(List.of("find", folders.get(1).toString(), "-name", "*backup-batch*"), null,
                Map.of(), null).stdout()).as("no credentials copy left in the docroot").isEmpty();
    }

    @Test
    void aStagingFolderWhoseWpConfigStillNamesProductionIsRefused() throws Exception {
        // given: b cloned from a, wp-config.php and all
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        copyAsSiteUser(folders.get(0).resolve("wp-config.php"), folders.get(1).resolve("wp-config.php"));
        String id = RestoreFixtures.backup(home, "a");
        Map<String, String> production = Database.rowHashes(dbA);
        SortedMap<String, String> staging = TreeSnapshot.of(folders.get(1));
        // when
        Processes.Result dryRun = restore(home, "site=a", "backup=" + id, "target=b", "dry-run=yes");
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        // then
        for (Processes.Result r : List.of(dryRun, run)) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(token(r.summary(), "status")).isEqualTo("INVALID");
            assertThat(token(r.summary(), "error")).contains("database " + dbA, "site a itself");
        }
        assertThat(Database.rowHashes(dbA)).isEqualTo(production);
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(folders.get(1)))).isEqualTo(TreeSnapshot.describe(staging));
    }

    @Test
    void aComputedWpHomeIsAWarningAndTheRestoreCompletes() throws Exception {
        // given: production's WP_HOME is computed by PHP; staging's database is named in the dry run
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        Path a = folders.get(0);
        String computed = "define( 'WP_HOME', 'https://' . $_SERVER['HTTP_HOST'] );";
        Files.writeString(a.resolve("wp-config.php"), Files.readString(a.resolve("wp-config.php"),
                StandardCharsets.ISO_8859_1).replace("define( 'WP_HOME', '" + BLOG_URL + "' );", computed),
                StandardCharsets.ISO_8859_1);
        String id = RestoreFixtures.backup(home, "a");
        // when
        Processes.Result dryRun = restore(home, "site=a", "backup=" + id, "target=b", "dry-run=yes");
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        // then
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.stdout()).contains("plan: warning: wp-config.php: WP_HOME is computed by PHP")
                .contains("/" + dbB).doesNotContain("null");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(Integer.parseInt(token(run.summary(), "warnings"))).isPositive();
        String config = Files.readString(folders.get(1).resolve("wp-config.php"), StandardCharsets.ISO_8859_1);
        assertThat(config).contains(computed).contains("define( 'WP_SITEURL', '" + STAGING_URL + "' );");
        assertThat(RestoreFixtures.dbDefines(config)).containsEntry("DB_NAME", dbB);
    }

    @Test
    void wordpressInItsOwnFolderAndJsonEscapedUrlsFollowTheirOwnMappings() throws Exception {
        // given: WordPress in /wp below the site's address, and a page builder's JSON with escaped URLs
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        Path a = folders.get(0);
        Files.writeString(a.resolve("wp-config.php"), Files.readString(a.resolve("wp-config.php"),
                StandardCharsets.ISO_8859_1).replace("define( 'WP_SITEURL', '" + BLOG_URL + "' );",
                        "define( 'WP_SITEURL', '" + BLOG_URL + "/wp' );"), StandardCharsets.ISO_8859_1);
        String json = "{\"link\":\"https:\\/\\/blog.example.test\\/about\",\"img\":"
                + "\"https:\\/\\/blog.example.test\\/wp\\/wp-content\\/x.png\"}";
        Database.sql("UPDATE `" + dbA + "`.wp_options SET option_value='" + BLOG_URL + "/wp' WHERE option_name="
                + "'siteurl'; INSERT INTO `" + dbA + "`.wp_options (option_name, option_value) VALUES ('bb_builder', '"
                + json.replace("\\", "\\\\") + "')");
        String id = RestoreFixtures.backup(home, "a");
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "checked")).contains("url");
        assertThat(Long.parseLong(token(run.summary(), "url_json"))).as(run.summary()).isEqualTo(2);
        assertThat(Long.parseLong(token(run.summary(), "url_plain"))).as(run.summary()).isPositive();
        assertThat(RestoreFixtures.option(dbB, "siteurl")).isEqualTo(STAGING_URL + "/wp");
        assertThat(RestoreFixtures.option(dbB, "home")).isEqualTo(STAGING_URL);
        assertThat(RestoreFixtures.option(dbB, "bb_builder")).isEqualTo(json.replace("blog.example", "staging.example"));
        String config = Files.readString(folders.get(1).resolve("wp-config.php"), StandardCharsets.ISO_8859_1);
        assertThat(config).contains("define( 'WP_SITEURL', '" + STAGING_URL + "/wp' );",
                "define( 'WP_HOME', '" + STAGING_URL + "' );");
        assertThat(RestoreFixtures.option(dbA, "siteurl")).as("the source is untouched").isEqualTo(BLOG_URL + "/wp");
    }

    @ParameterizedTest(name = "keep_backup_credentials={0}")
    @ValueSource(strings = {"no", "yes"})
    void aSameSiteRestoreKeepsTheCredentialsTheSiteHasNow(String keep) throws Exception {
        // given: a's database user and password rotated after the backup (as after a compromise)
        Path a = site("a", "printf 'production\\n' > index.php");
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        Database.sql("CREATE USER '" + userB + "'@'localhost' IDENTIFIED BY 'old-" + suffix + "'; GRANT ALL "
                + "PRIVILEGES ON `" + dbA + "`.* TO '" + userB + "'@'localhost'");
        RestoreFixtures.writeWpConfig(a, dbA, userB, "old-" + suffix);
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a", wordpressYaml(a, BLOG_URL));
        String id = RestoreFixtures.backup(home, "a");
        Database.sql("ALTER USER '" + userB + "'@'localhost' IDENTIFIED BY 'new-" + suffix + "'");
        RestoreFixtures.writeWpConfig(a, dbA, userB, "new-" + suffix);
        Database.sql("DELETE FROM `" + dbA + "`.wp_comments");
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "confirm=yes", "keep_backup_credentials=" + keep);
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(Database.sql("SELECT COUNT(*) FROM `" + dbA + "`.wp_comments").strip()).isNotEqualTo("0");
        Map<String, String> defines = RestoreFixtures.dbDefines(Files.readString(a.resolve("wp-config.php"),
                StandardCharsets.ISO_8859_1));
        String expected = keep.equals("yes") ? "old-" + suffix : "new-" + suffix;
        assertThat(defines).containsEntry("DB_PASSWORD", expected);
        Processes.Result login = Processes.run(List.of("mariadb", "-u" + userB, "-p" + defines.get("DB_PASSWORD"),
                "-e", "SELECT 1", dbA), null, Map.of(), null);
        assertThat(login.exit()).as("the site logs in with what its wp-config.php says: " + login)
                .isEqualTo(keep.equals("yes") ? 1 : 0);
    }

    @ParameterizedTest(name = "mode={0}")
    @ValueSource(strings = {"overlay", "mirror"})
    void theSafetySnapshotUndoesTheRestoreWhereThePatternsDiffer(String mode) throws Exception {
        // given: a backs up its cache (no excludes); b's patterns (WordPress's) leave caches out, and b
        // holds a cache file the restore overwrites and files the restore deletes (mirror)
        Path home = productionAndStaging("""
                mkdir -p wp-content/cache/page keep
                printf 'staging cache' > wp-content/cache/page/index.html
                printf 'staging only' > b-only.txt
                printf 'kept' > keep/k.txt
                find . -mindepth 1 -depth -exec touch -h -d @1690000000 {} +
                touch -d @1680000000 .
                """);
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        Database.loadAsRoot(dbB, RestoreFixtures.FIXTURE);
        Database.sql("UPDATE `" + dbB + "`.wp_options SET option_value='" + STAGING_URL
                + "' WHERE option_name IN ('siteurl', 'home')");
        RestoreFixtures.change(folders.get(0), """
                mkdir -p wp-content/cache/page
                printf 'production cache' > wp-content/cache/page/index.html
                printf 'new in cache' > wp-content/cache/page/new.html
                """);
        Files.writeString(home.resolve("jobs/a.yaml"), wordpressYaml(folders.get(0), BLOG_URL)
                + "  exclude_patterns: []\n");
        String id = RestoreFixtures.backup(home, "a");
        Path b = folders.get(1);
        SortedMap<String, String> before = TreeSnapshot.of(b);
        Map<String, String> rows = Database.rowHashes(dbB);
        Processes.Result restored = restore(home, "site=a", "backup=" + id, "target=b", "mode=" + mode,
                "confirm=yes");
        assertThat(restored.exit()).as(restored.toString()).isZero();
        assertThat(Files.readString(b.resolve("wp-content/cache/page/index.html"))).isEqualTo("production cache");
        assertThat(Files.exists(b.resolve("b-only.txt"))).isEqualTo(mode.equals("overlay"));
        String snapshot = token(restored.summary(), "snapshot");
        assertThat(snapshot).as(restored.summary()).matches("\\d{8}T\\d{6}Z");
        // when
        Processes.Result undo = restore(home, "site=b", "backup=" + snapshot, "mode=mirror", "confirm=yes");
        // then
        assertThat(undo.exit()).as(undo.toString()).isZero();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(TreeSnapshot.describe(TreeSnapshot.of(b))).as("b's tree, byte for byte")
                .isEqualTo(TreeSnapshot.describe(before));
        soft.assertThat(Database.rowHashes(dbB)).as("b's rows").isEqualTo(rows);
        soft.assertAll();
    }

    @Test
    void aRestoreWhoseSourceWasPrunedMeanwhileResumes() throws Exception {
        // given: a restore that failed at the load, then its source backup deleted (as retention does)
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT SELECT ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        String id = RestoreFixtures.backup(home, "a");
        Processes.Result failed = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        assertFailedAtLoadInto(failed, dbB);
        for (String suffixName : List.of(".tar.gz", ".manifest.json", ".sha256")) {
            Files.delete(home.resolve("backups/a/backup-a-" + id + suffixName));
        }
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        // when
        Processes.Result resumed = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        // then
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(token(resumed.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(withoutUrls(Database.rowHashes(dbB))).isEqualTo(withoutUrls(Database.rowHashes(dbA)));
        assertThat(home.resolve("backups/b/.work")).as("the pinned copy goes with the completed restore")
                .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void aSnapshotThatFailedResumesWithTheSameIdAndTheRestoreCompletes() throws Exception {
        // given: staging holds tables; its user may not read views, so the snapshot's dump fails
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.loadAsRoot(dbB, RestoreFixtures.FIXTURE);
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'; REVOKE SHOW VIEW ON `"
                + dbB + "`.* FROM '" + userB + "'@'localhost'");
        Files.writeString(home.resolve("jobs/b.yaml"), Files.readString(home.resolve("jobs/b.yaml"))
                .replace("  destination: backups\n", "  destination: backups\n  retries: 0\n"));
        String id = RestoreFixtures.backup(home, "a");
        Processes.Result failed = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(token(failed.summary(), "step")).isEqualTo("safetySnapshot");
        assertThat(token(failed.summary(), "error")).as("the snapshot's own failure, not JobStep's")
                .matches("the safety snapshot \\d{8}T\\d{6}Z of site b failed in step dumpDatabase: .*");
        String snapshot = token(failed.summary(), "error").split(" ")[3];
        Database.sql("GRANT SHOW VIEW ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        // when
        Processes.Result resumed = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        // then
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(token(resumed.summary(), "snapshot")).as("the same snapshot, resumed").isEqualTo(snapshot);
        assertThat(RunRecords.hsqldb(home, "b").stepCounts()).containsEntry("streamFiles", 1)
                .containsEntry("dumpDatabase", 2).containsEntry("safetySnapshot", 2).containsEntry("restoreFiles", 1);
        assertThat(home.resolve("backups/b/backup-b-" + snapshot + ".sha256")).exists();
    }

    @Test
    void rowsWrittenRightAfterTheLoadAreAWarning() throws Exception {
        // given
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        String id = RestoreFixtures.backup(home, "a");
        // when: rows are written right after the load, as a live site writes sessions and transients
        Processes.Result result = restoreDbPausedAfterLoad(home, id, () -> Database.sql("INSERT INTO `" + dbB
                + "`.wp_options (option_name, option_value) VALUES ('_transient_x', 'y'), ('_transient_z', 'y')"));
        // then
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(token(result.summary(), "status")).isEqualTo("COMPLETED");
        assertThat(Integer.parseInt(token(result.summary(), "warnings"))).isPositive();
        assertThat(result.stderr()).contains("table wp_options has 2 more rows than the backup");
    }

    @Test
    void rowsMissingAfterTheLoadFailTheCheck() throws Exception {
        // given
        Path home = productionAndStaging("printf 'staging\\n' > index.php");
        Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + userB + "'@'localhost'");
        String id = RestoreFixtures.backup(home, "a");
        // when: rows and a table go right after the load
        Processes.Result result = restoreDbPausedAfterLoad(home, id, () -> Database.sql("DELETE FROM `" + dbB
                + "`.wp_comments; DROP TABLE `" + dbB + "`.wp_terms"));
        // then
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(token(result.summary(), "step")).isEqualTo("checkResult");
        assertThat(token(result.summary(), "error")).contains("wp_comments has 0 rows", "wp_terms is missing");
    }

    // --- helpers

    /**
     * Restores a's database into b, pausing the run (SIGSTOP) as soon as the load ends to act on
     * b's database, then letting it go on to its check. The pause is taken while the check step
     * opens its SSH session, which takes far longer than the 20 ms the log is polled at.
     */
    private static Processes.Result restoreDbPausedAfterLoad(Path home, String id, Runnable whilePaused)
            throws Exception {
        try (JarRun run = JarRun.start(home, RestoreFixtures.env(), List.of("job=restore", "site=a", "backup=" + id,
                "target=b", "parts=db", "confirm=yes"))) {
            run.awaitWhileRunning("the end of the load", java.time.Duration.ofMinutes(3),
                    () -> run.stderrSoFar().contains("tables loaded into"));
            Processes.check(List.of("kill", "-STOP", Long.toString(run.pid())), null);
            try {
                whilePaused.run();
            } finally {
                Processes.check(List.of("kill", "-CONT", Long.toString(run.pid())), null);
            }
            return run.await(java.time.Duration.ofMinutes(3));
        }
    }

    /** Row hashes of the tables a URL change leaves alone (options, posts and users hold the URL). */
    private static Map<String, String> withoutUrls(Map<String, String> hashes) {
        Map<String, String> kept = new java.util.TreeMap<>(hashes);
        kept.keySet().removeAll(List.of("wp_options", "wp_posts", "wp_users"));
        assertThat(kept).isNotEmpty();
        return kept;
    }

    private static void assertFailedAtLoadInto(Processes.Result run, String database) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(token(run.summary(), "step")).as(run.toString()).isEqualTo("restoreDatabase");
        assertThat(token(run.summary(), "error")).as(run.summary()).contains(database);
    }

    /**
     * Production a (its tree, its database loaded, a wp-config.php naming it) and staging b (the
     * script's tree, an empty database of its own, a wp-config.php naming it and its own user), both
     * WordPress sites with no database section: the database comes from wp-config.php alone.
     */
    private Path productionAndStaging(String stagingScript) throws Exception {
        Path a = site("a", """
                mkdir -p wp-content/uploads
                printf 'production\\n' > index.php
                """);
        Path b = site("b", stagingScript);
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        RestoreFixtures.createDatabase(dbB);
        Database.sql("CREATE USER '" + userB + "'@'localhost' IDENTIFIED BY '" + passwordB.replace("\\", "\\\\")
                .replace("'", "\\'") + "'");
        RestoreFixtures.writeWpConfig(a, dbA, TestEnv.dbUser(), TestEnv.dbPassword());
        RestoreFixtures.writeWpConfig(b, dbB, userB, passwordB);
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "a", wordpressYaml(a, BLOG_URL));
        RestoreFixtures.addSite(home, "b", wordpressYaml(b, STAGING_URL));
        return home;
    }

    private static void copyAsSiteUser(Path from, Path to) throws Exception {
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Processes.check(List.of("chown", TestEnv.sshUser() + ":" + TestEnv.sshUser(), to.toString()), null);
    }

    /** A WordPress site with no database section: its database is read from wp-config.php. */
    private static String wordpressYaml(Path folder, String url) {
        return "site:\n  app_type: wordpress\n  url: " + url + "\n" + TestEnv.sshYaml()
                + "backup:\n  destination: backups\n"
                + "files:\n  remote_path: " + folder + "\n";
    }

    private Path site(String name, String script) throws Exception {
        Path folder = RemoteSite.create(name, script);
        folders.add(folder);
        return folder;
    }
}
