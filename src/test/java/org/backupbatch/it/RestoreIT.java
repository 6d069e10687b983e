package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.BLOG_URL;
import static org.backupbatch.it.RestoreFixtures.STAGING_URL;
import static org.backupbatch.it.RestoreFixtures.restore;
import static org.backupbatch.it.RestoreFixtures.token;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.assertj.core.api.SoftAssertions;
import org.backupbatch.archive.ArchiveVerifier;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=restore} against the real sshd and MariaDB: a backup restored into another site or
 * into itself gives back the same tree and rows; overlay and mirror; archives that are damaged or
 * that would write outside the site are refused before anything changes; a live target is not
 * overwritten without confirm=yes; dry-run changes nothing; a URL change keeps serialized values
 * valid; the safety snapshot undoes a restore. Symlinks: {@link SymlinkRestoreIT}.
 */
class RestoreIT {

    /** Weird names, modes, links (symbolic inside the site, hard), mtimes; a cache and a log to exclude. */
    private static final String WORDPRESS_TREE = """
            mkdir -p wp-content/uploads/2026 wp-content/cache/page wp-content/empty 'dir with space' sub/deep
            cp /home/bbtest/www/wp-config.php wp-config.php && chmod 640 wp-config.php
            printf '<?php echo "hello";\\n' > index.php
            head -c 70000 /dev/urandom > wp-content/uploads/2026/photo.jpg
            : > empty-file
            printf 'secret' > private.txt && chmod 600 private.txt
            printf '#!/bin/sh\\n' > run.sh && chmod 755 run.sh
            printf 'ro' > readonly.txt && chmod 444 readonly.txt
            printf 'x' > 'with space.txt'
            printf 'x' > "quote'd \\"double\\".txt"
            printf 'x' > '$(touch pwned)'
            printf 'x' > -rf
            printf 'x' > 'éàü ñ €.txt'
            printf 'x' > "$(printf 'latin1-\\351.txt')"
            printf 'x' > "$(printf 'new\\nline.txt')"
            printf 'x' > 'dir with space/a;b&c|d.txt'
            printf 'deep' > sub/deep/file.txt
            ln sub/deep/file.txt hard-link.txt
            ln -s index.php link-to-index
            ln -s ../../index.php sub/deep/up-link
            printf 'cached' > wp-content/cache/page/index.html
            printf 'log' > debug.log
            chmod 750 sub
            find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
            touch -h -d @1600000000 index.php sub
            touch -d @1650000000 . && chmod 751 .
            """;

    @TempDir
    Path tmp;
    private final String suffix = Long.toString(System.nanoTime() % 100_000_000);
    private final String dbA = "bb_it_rsa_" + suffix;
    private final String dbB = "bb_it_rsb_" + suffix;
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        RestoreFixtures.dropDatabases(dbA, dbB);
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void roundTripIntoAnotherSiteGivesEqualTreesAndDatabase() throws Exception {
        // given: site a (WordPress, its own database), site b: a folder and a database that are still empty
        Path a = site("a", WORDPRESS_TREE);
        Path b = TestEnv.sshHome().resolve("it").resolve("b-" + System.nanoTime());
        folders.add(b);
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        RestoreFixtures.createDatabase(dbB);
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.wordpressYaml(a, BLOG_URL, dbA));
        RestoreFixtures.addSite(home, "b", RestoreFixtures.wordpressYaml(b, BLOG_URL, dbB));
        String id = RestoreFixtures.backup(home, "a");
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).startsWith("restore site=a ");
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("COMPLETED");
        assertThat(token(run.summary(), "target")).as(run.summary()).isEqualTo("b");
        assertThat(token(run.summary(), "backup")).as(run.summary()).isEqualTo(id);
        assertThat(token(run.summary(), "parts")).as(run.summary()).isEqualTo("files,db");
        assertThat(token(run.summary(), "tables")).as(run.summary()).isEqualTo("9");
        assertThat(token(run.summary(), "snapshot")).as("nothing to snapshot in an empty target: " + run.summary())
                .isNull();
        assertThat(token(run.summary(), "checked")).as(run.summary()).contains("files");

        SortedMap<String, String> source = TreeSnapshot.of(a);
        SortedMap<String, String> restored = TreeSnapshot.of(b);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(TreeSnapshot.describe(TreeSnapshot.without(restored, p -> p.equals(".")
                || p.equals("./wp-config.php"))))
                .as("restored tree (root folder and wp-config.php apart)")
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.without(source, p -> p.equals(".")
                        || p.equals("./wp-config.php") || p.startsWith("./wp-content/cache/") || p.endsWith(".log"))));
        soft.assertThat(restored.get(".")).as("the site folder itself (mode, mtime)").isEqualTo(source.get("."));
        soft.assertThat(restored.keySet()).contains("./hard-link.txt", "./new\nline.txt", "./latin1-\u00e9.txt",
                "./wp-content/cache", "./wp-content/empty").doesNotContain("./debug.log", "./wp-content/cache/page");
        soft.assertThat(Files.exists(b.resolve("pwned"))).isFalse();

        String sourceConfig = Files.readString(a.resolve("wp-config.php"), StandardCharsets.ISO_8859_1);
        String restoredConfig = Files.readString(b.resolve("wp-config.php"), StandardCharsets.ISO_8859_1);
        String[] before = sourceConfig.split("\n", -1);
        String[] after = restoredConfig.split("\n", -1);
        soft.assertThat(after).as("wp-config.php lines").hasSameSizeAs(before);
        for (int i = 0; i < Math.min(before.length, after.length); i++) {
            if (!RestoreFixtures.isDbDefine(before[i])) {
                soft.assertThat(after[i]).as("wp-config.php line " + (i + 1) + " (not a DB_* define)")
                        .isEqualTo(before[i]);
            }
        }
        soft.assertThat(RestoreFixtures.dbDefines(restoredConfig)).as("DB_* of the restored wp-config.php")
                .isEqualTo(Map.of("DB_NAME", dbB, "DB_USER", TestEnv.dbUser(), "DB_PASSWORD", TestEnv.dbPassword(),
                        "DB_HOST", "localhost"));
        soft.assertThat(restored.get("./wp-config.php")).as("wp-config.php keeps its mode").startsWith("f mode=640 ");

        soft.assertThat(Database.rowHashes(dbB)).as("rows").isEqualTo(Database.rowHashes(dbA)).hasSize(9);
        List<String> programs = Database.programs(dbA);
        soft.assertThat(programs).anyMatch(p -> p.startsWith("PROCEDURE")).anyMatch(p -> p.startsWith("TRIGGER"))
                .anyMatch(p -> p.startsWith("VIEW")).anyMatch(p -> p.startsWith("EVENT"));
        soft.assertThat(Database.programs(dbB)).as("routines, triggers, views, events").isEqualTo(programs);
        soft.assertAll();
    }

    @Test
    void overlayKeepsExtraFilesAndMirrorDeletesThem() throws Exception {
        // given: a backup of a, then a file changed, one deleted, a file and a folder added, excluded files there
        Path a = site("a", """
                mkdir -p wp-content/cache keep
                printf 'original' > changed.txt
                printf 'will come back' > deleted.txt
                printf 'same' > keep/same.txt
                printf 'cached before' > wp-content/cache/x
                find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
                """);
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a",
                RestoreFixtures.filesOnlyYaml(a, "[\"wp-content/cache/**\", \"*.log\"]"));
        String id = RestoreFixtures.backup(home, "a");
        SortedMap<String, String> backedUp = TreeSnapshot.of(a);
        RestoreFixtures.change(a, """
                printf 'changed since the backup' > changed.txt
                rm deleted.txt
                printf 'added' > added.txt
                mkdir added-dir && printf 'n' > added-dir/n.txt
                printf 'cached after' > wp-content/cache/y
                printf 'log' > keep/debug.log
                """);

        // when
        Processes.Result overlay = restore(home, "site=a", "backup=" + id, "parts=files", "mode=overlay",
                "confirm=yes");
        // then
        assertThat(overlay.exit()).as(overlay.toString()).isZero();
        assertThat(token(overlay.summary(), "status")).as(overlay.summary()).isEqualTo("COMPLETED");
        assertThat(token(overlay.summary(), "mode")).as(overlay.summary()).isEqualTo("overlay");
        SortedMap<String, String> afterOverlay = TreeSnapshot.of(a);
        assertThat(afterOverlay.get("./changed.txt")).isEqualTo(backedUp.get("./changed.txt"));
        assertThat(Files.readString(a.resolve("changed.txt"))).isEqualTo("original");
        assertThat(afterOverlay.get("./deleted.txt")).isEqualTo(backedUp.get("./deleted.txt"));
        assertThat(Files.readString(a.resolve("added.txt"))).isEqualTo("added");
        assertThat(Files.readString(a.resolve("added-dir/n.txt"))).isEqualTo("n");
        assertThat(Files.readString(a.resolve("wp-content/cache/x"))).isEqualTo("cached before");
        assertThat(Files.readString(a.resolve("wp-content/cache/y"))).isEqualTo("cached after");
        assertThat(Files.readString(a.resolve("keep/debug.log"))).isEqualTo("log");

        // when
        Processes.Result mirror = restore(home, "site=a", "backup=" + id, "parts=files", "mode=mirror",
                "confirm=yes");
        // then
        assertThat(mirror.exit()).as(mirror.toString()).isZero();
        assertThat(token(mirror.summary(), "status")).as(mirror.summary()).isEqualTo("COMPLETED");
        assertThat(token(mirror.summary(), "mode")).as(mirror.summary()).isEqualTo("mirror");
        SortedMap<String, String> afterMirror = TreeSnapshot.of(a);
        assertThat(afterMirror).doesNotContainKeys("./added.txt", "./added-dir", "./added-dir/n.txt");
        assertThat(Files.readString(a.resolve("wp-content/cache/x"))).isEqualTo("cached before");
        assertThat(Files.readString(a.resolve("wp-content/cache/y"))).isEqualTo("cached after");
        assertThat(Files.readString(a.resolve("keep/debug.log"))).isEqualTo("log");
        assertThat(afterMirror.keySet()).as("the backup's paths plus the excluded ones, nothing else")
                .containsExactlyInAnyOrderElementsOf(withKeys(backedUp.keySet(), "./wp-content/cache/y",
                        "./keep/debug.log"));
        assertThat(TreeSnapshot.describe(TreeSnapshot.without(afterMirror, p -> !p.endsWith(".txt"))))
                .as("the backup's files, bytes, modes and mtimes")
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.without(backedUp, p -> !p.endsWith(".txt"))));
    }

    @Test
    void tamperedArchiveIsRefusedAndTheTargetUntouched() throws Exception {
        // given: a backup whose files member has one byte flipped, and a site changed since
        Path a = site("a", "mkdir d && head -c 200000 /dev/urandom > d/big.bin && printf one > one.txt");
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a", RestoreFixtures.filesOnlyYaml(a, "[]"));
        String id = RestoreFixtures.backup(home, "a");
        RestoreFixtures.change(a, "printf 'changed' > one.txt && printf new > new.txt");
        Path archive = RestoreFixtures.archive(home, "a", id);
        Manifest.Member files = Manifest.fromJson(Files.readAllBytes(RestoreFixtures.manifest(home, "a", id)))
                .member("files");
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            long at = files.offset() + files.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x55);
        }
        SortedMap<String, String> before = TreeSnapshot.of(a);
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "parts=files", "confirm=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("FAILED");
        assertThat(token(run.summary(), "step")).as(run.summary()).isEqualTo("verifyArchive");
        assertThat(token(run.summary(), "error")).as(run.summary())
                .containsIgnoringCase("archive").containsPattern("(?i)damaged|sha256|crc|truncated");
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(a))).isEqualTo(TreeSnapshot.describe(before));
        assertThat(publishedIds(home, "a")).as("no safety snapshot either").containsExactly(id);
    }

    @Test
    void archiveWithDotDotEntryIsRefused() throws Exception {
        // given: a valid backup with an entry files/../../evil-dotdot added (all sums made right again)
        Path a = site("a", "printf one > one.txt");
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a", RestoreFixtures.filesOnlyYaml(a, "[]"));
        String id = RestoreFixtures.backup(home, "a");
        RestoreFixtures.change(a, "printf 'changed' > one.txt");
        craft(home, "a", id, List.of(CraftedArchive.Extra.file("files/../../evil-dotdot", "evil")),
                "backup-" + id + "/files/../../evil-dotdot");
        SortedMap<String, String> before = TreeSnapshot.of(a);
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "parts=files", "confirm=yes");
        // then
        assertRefusedAsUnsafe(run, "evil-dotdot");
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(a))).isEqualTo(TreeSnapshot.describe(before));
        assertNoEvilFile(a, "evil-dotdot");
        assertThat(publishedIds(home, "a")).as("no safety snapshot either").containsExactly(id);
    }

    @Test
    void withoutConfirmANonEmptyTargetIsRefusedWithExit2AndUntouched() throws Exception {
        // given
        Path home = sourceAndLiveTarget();
        String id = RestoreFixtures.backup(home, "a");
        Path b = folders.get(1);
        SortedMap<String, String> tree = TreeSnapshot.of(b);
        Map<String, String> rows = Database.rowHashes(dbB);
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("INVALID");
        assertThat(token(run.summary(), "error")).as(run.summary()).contains("site b is not empty", "confirm=yes");
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(b))).isEqualTo(TreeSnapshot.describe(tree));
        assertThat(Database.rowHashes(dbB)).isEqualTo(rows);
        assertThat(home.resolve("backups/b")).as("no snapshot taken").doesNotExist();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws Exception {
        // given
        Path home = sourceAndLiveTarget();
        String id = RestoreFixtures.backup(home, "a");
        Path b = folders.get(1);
        SortedMap<String, String> tree = TreeSnapshot.of(b);
        Map<String, String> rows = Database.rowHashes(dbB);
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b", "dry-run=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("DRY_RUN");
        List<String> plan = run.stdout().lines().filter(l -> l.startsWith("plan: ")).toList();
        assertThat(plan).as(run.stdout()).isNotEmpty()
                .anyMatch(l -> l.contains(id)).anyMatch(l -> l.contains("site b"))
                .anyMatch(l -> l.contains(STAGING_URL)).anyMatch(l -> l.contains("snapshot"));
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(b))).isEqualTo(TreeSnapshot.describe(tree));
        assertThat(Database.rowHashes(dbB)).isEqualTo(rows);
        assertThat(home.resolve("backups/b")).as("no snapshot taken").doesNotExist();
    }

    @Test
    void urlChangeKeepsSerializedOptionsValid() throws Exception {
        // given: a at the blog URL, b (empty) at the staging URL
        Path a = site("a", "cp /home/bbtest/www/wp-config.php wp-config.php && printf x > index.php");
        Path b = TestEnv.sshHome().resolve("it").resolve("b-" + System.nanoTime());
        folders.add(b);
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        RestoreFixtures.createDatabase(dbB);
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.wordpressYaml(a, BLOG_URL, dbA));
        RestoreFixtures.addSite(home, "b", RestoreFixtures.wordpressYaml(b, STAGING_URL, dbB));
        String id = RestoreFixtures.backup(home, "a");
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("COMPLETED");
        assertThat(token(run.summary(), "checked")).as(run.summary()).contains("url");
        assertThat(token(run.summary(), "url_values")).as(run.summary()).isNotNull().isNotEqualTo("0");
        assertThat(RestoreFixtures.option(dbB, "siteurl")).isEqualTo(STAGING_URL);
        assertThat(RestoreFixtures.option(dbB, "home")).isEqualTo(STAGING_URL);
        String widget = RestoreFixtures.unserialize(RestoreFixtures.value(dbB,
                "SELECT option_value FROM `" + dbB + "`.wp_options WHERE option_name='widget_text'"));
        assertThat(widget).as("widget_text unserializes").isNotNull().contains("Visit " + STAGING_URL + "/about")
                .doesNotContain(BLOG_URL);
        String themeMods = RestoreFixtures.unserialize(RestoreFixtures.value(dbB,
                "SELECT option_value FROM `" + dbB + "`.wp_options WHERE option_name='theme_mods_bb-theme'"));
        assertThat(themeMods).as("theme_mods unserializes").isNotNull()
                .contains(STAGING_URL + "/wp-content/uploads/2026/11/header.png");
        assertThat(Database.sql("SELECT COUNT(*) FROM `" + dbB + "`.wp_options WHERE option_value LIKE '%"
                + BLOG_URL + "%'").strip()).as("options still holding the old URL").isEqualTo("0");
        assertThat(Database.sql("SELECT COUNT(*) FROM `" + dbB + "`.wp_posts WHERE post_content LIKE '%" + BLOG_URL
                + "%' OR guid LIKE '%" + BLOG_URL + "%'").strip()).as("posts still holding the old URL").isEqualTo("0");
        assertThat(RestoreFixtures.option(dbA, "siteurl")).as("the source is untouched").isEqualTo(BLOG_URL);
    }

    @Test
    void restoringTheSafetySnapshotGivesBackTheSiteAsItWas() throws Exception {
        // given: a restored over a live b (staging: its own files, rows and URL)
        Path home = sourceAndLiveTarget();
        Path b = folders.get(1);
        String id = RestoreFixtures.backup(home, "a");
        SortedMap<String, String> tree = TreeSnapshot.of(b);
        Map<String, String> rows = Database.rowHashes(dbB);
        List<String> programs = Database.programs(dbB);
        Processes.Result first = restore(home, "site=a", "backup=" + id, "target=b", "confirm=yes");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(token(first.summary(), "status")).as(first.summary()).isEqualTo("COMPLETED");
        String snapshot = token(first.summary(), "snapshot");
        assertThat(snapshot).as(first.summary()).matches("\\d{8}T\\d{6}Z");
        assertThat(Manifest.fromJson(Files.readAllBytes(RestoreFixtures.manifest(home, "b", snapshot))).kind())
                .isEqualTo("pre-restore");
        assertThat(Database.rowHashes(dbB)).as("a's rows are in b now").isNotEqualTo(rows);
        assertThat(Files.readString(b.resolve("index.php"))).isEqualTo("site a\n");
        // when
        // mode=mirror: the files the first restore added go too (overlay would keep them)
        Processes.Result undo = restore(home, "site=b", "backup=" + snapshot, "mode=mirror", "confirm=yes");
        // then
        assertThat(undo.exit()).as(undo.toString()).isZero();
        assertThat(token(undo.summary(), "status")).as(undo.summary()).isEqualTo("COMPLETED");
        SortedMap<String, String> after = TreeSnapshot.of(b);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(TreeSnapshot.describe(TreeSnapshot.without(after, "."::equals))).as("b's tree")
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.without(tree, "."::equals)));
        soft.assertThat(after.get(".")).as("b's folder itself (mode, mtime)").isEqualTo(tree.get("."));
        soft.assertThat(Database.rowHashes(dbB)).as("b's rows").isEqualTo(rows);
        soft.assertThat(Database.programs(dbB)).as("b's programs").isEqualTo(programs);
        soft.assertAll();
    }

    // --- helpers

    @Test
    void aFailedRestoreResumesWithTheSameCommandFromTheStepThatFailed() throws Exception {
        // given: b's database user may read but not write, so the load fails after the files are restored
        Path a = site("a", WORDPRESS_TREE);
        Path b = TestEnv.sshHome().resolve("it").resolve("b-" + System.nanoTime());
        folders.add(b);
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        RestoreFixtures.createDatabase(dbB);
        String user = "bb_it_ru_" + suffix;
        String password = "pw'" + suffix + "\\\"x";
        String quoted = password.replace("\\", "\\\\").replace("'", "\\'");
        Database.sql("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + quoted + "'; GRANT SELECT ON `" + dbB
                + "`.* TO '" + user + "'@'localhost'");
        try {
            Path home = tmp.resolve("home");
            RestoreFixtures.addSite(home, "a", RestoreFixtures.wordpressYaml(a, BLOG_URL, dbA));
            RestoreFixtures.addSite(home, "b", RestoreFixtures.wordpressYaml(b, BLOG_URL, dbB)
                    .replace("user: " + TestEnv.dbUser(), "user: " + user)
                    .replace("${BB_IT_DB_PASSWORD}", "${BB_IT_RU_PASSWORD}"));
            String id = RestoreFixtures.backup(home, "a");
            Map<String, String> env = new HashMap<>(RestoreFixtures.env());
            env.put("BB_IT_RU_PASSWORD", password);
            // when
            Processes.Result failed = Processes.backupBatch(home, env, "job=restore", "site=a", "backup=" + id,
                    "target=b");
            Database.sql("GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + user + "'@'localhost'");
            Processes.Result resumed = Processes.backupBatch(home, env, "job=restore", "site=a", "backup=" + id,
                    "target=b");
            // then: same words, no confirm=yes although b now holds files: it continues, it does not start over
            assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
            assertThat(token(failed.summary(), "step")).as(failed.summary()).isEqualTo("restoreDatabase");
            assertThat(token(failed.summary(), "resume")).as(failed.summary())
                    .isEqualTo("java -jar backup-batch.jar job=restore site=a backup=" + id + " target=b");
            assertThat(resumed.exit()).as(resumed.toString()).isZero();
            assertThat(resumed.stderr()).contains("resuming restore of backup " + id);
            assertThat(RunRecords.hsqldb(home, "b").stepCounts()).containsEntry("restoreFiles", 1)
                    .containsEntry("restoreDatabase", 2).containsEntry("checkResult", 1);
            assertThat(Database.rowHashes(dbB)).isEqualTo(Database.rowHashes(dbA));
        } finally {
            Database.sql("DROP USER IF EXISTS '" + user + "'@'localhost'");
        }
    }

    private Path site(String name, String script) throws Exception {
        Path folder = RemoteSite.create(name, script);
        folders.add(folder);
        return folder;
    }

    /**
     * Site a (WordPress at the blog URL, its database) and a live site b (staging URL): b's own
     * files, a wp-config.php naming b's database, and rows of its own. a has files b lacks.
     */
    private Path sourceAndLiveTarget() throws Exception {
        Path a = site("a", """
                mkdir -p wp-content/uploads/2026 wp-content/cache
                cp /home/bbtest/www/wp-config.php wp-config.php && chmod 640 wp-config.php
                printf 'site a\\n' > index.php
                printf 'only in a' > a-only.txt
                head -c 5000 /dev/urandom > wp-content/uploads/2026/a.jpg
                find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
                """);
        Path b = site("b", """
                mkdir -p wp-content/uploads wp-content/cache/page
                sed "s/'bb_wordpress'/'%s'/" /home/bbtest/www/wp-config.php > wp-config.php && chmod 640 wp-config.php
                printf 'site b\\n' > index.php
                printf 'only in b' > b-only.txt
                printf 'cached' > wp-content/cache/page/index.html
                find . -mindepth 1 -depth -exec touch -h -d @1690000000 {} +
                touch -d @1680000000 .
                """.formatted(dbB));
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        RestoreFixtures.createDatabase(dbB);
        Database.loadAsSiteUser(dbB, RestoreFixtures.FIXTURE);
        Database.sql("UPDATE `" + dbB + "`.wp_options SET option_value='" + STAGING_URL
                + "' WHERE option_name IN ('siteurl', 'home');"
                + "UPDATE `" + dbB + "`.wp_posts SET post_title='staging only' WHERE ID=1;"
                + "DELETE FROM `" + dbB + "`.wp_comments WHERE comment_ID=2;");
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.wordpressYaml(a, BLOG_URL, dbA));
        RestoreFixtures.addSite(home, "b", RestoreFixtures.wordpressYaml(b, STAGING_URL, dbB));
        return home;
    }

    /** Replaces the published backup with one that also holds the extra entries; checks it is well made. */
    static void craft(Path home, String site, String id, List<CraftedArchive.Extra> extras, String listed)
            throws Exception {
        Path folder = home.resolve("backups").resolve(site);
        CraftedArchive.appendToFiles(folder, site, id, extras);
        Path archive = RestoreFixtures.archive(home, site, id);
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                folder);
        assertThat(Processes.check(List.of("tar", "tzf", archive.toString()), null).lines().toList())
                .as("GNU tar reads the crafted archive").contains(listed, "backup-" + id + "/manifest.json");
        // apart from the path checks, the crafted archive passes every verification
        new ArchiveVerifier().verify(archive, Files.readAllBytes(RestoreFixtures.manifest(home, site, id)),
                Files.readString(folder.resolve("backup-" + site + "-" + id + ".sha256")).split("\\s+")[0], false);
    }

    static void assertRefusedAsUnsafe(Processes.Result run, String name) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("FAILED");
        assertThat(token(run.summary(), "step")).as(run.summary()).isEqualTo("verifyArchive");
        assertThat(token(run.summary(), "error")).as(run.summary()).contains("unsafe entry").contains(name);
    }

    static void assertNoEvilFile(Path site, String name) {
        // find's exit status is ignored: other tests create and delete files there meanwhile
        String found = Processes.run(List.of("find", "/home", "/tmp", "-xdev", "-name", name + "*"), null, Map.of(),
                null).stdout();
        assertThat(found).as("files named " + name + " anywhere").isEmpty();
        assertThat(Files.exists(site.resolve(name))).isFalse();
    }

    static List<String> publishedIds(Path home, String site) throws Exception {
        try (var files = Files.list(home.resolve("backups").resolve(site))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sha256"))
                    .map(n -> n.substring(("backup-" + site + "-").length(), n.length() - ".sha256".length()))
                    .sorted().toList();
        }
    }

    private static List<String> withKeys(java.util.Set<String> keys, String... more) {
        List<String> all = new ArrayList<>(keys);
        all.addAll(List.of(more));
        return all;
    }
}
