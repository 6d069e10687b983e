package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backs up a real tree over the real sshd and compares what {@code tar xzf} gives back. */
class FilesBackupIT {

    /** Weird names, modes, links, an empty folder, fixed mtimes; a cache and logs to exclude. */
    private static final String TREE = """
            mkdir -p wp-content/uploads/2026 wp-content/cache/page wp-content/empty 'dir with space' sub/deep
            printf 'hello\\n' > index.php
            head -c 70000 /dev/urandom > wp-content/uploads/2026/photo.jpg
            head -c 1024 /dev/zero > wp-content/uploads/2026/zeros-1024.bin
            : > empty-file
            printf 'secret' > private.txt && chmod 600 private.txt
            printf '#!/bin/sh\\n' > run.sh && chmod 755 run.sh
            printf 'ro' > readonly.txt && chmod 444 readonly.txt
            printf 'x' > 'with space.txt'
            printf 'x' > "quote'd \\"double\\".txt"
            printf 'x' > '$(touch pwned)'
            printf 'x' > '`touch pwned2`'
            printf 'x' > -rf
            printf 'x' > 'éàü ñ €.txt'
            printf 'x' > "$(printf 'latin1-\\351.txt')"
            printf 'x' > "$(printf 'new\\nline.txt')"
            printf 'x' > 'dir with space/a;b&c|d.txt'
            printf 'deep' > sub/deep/file.txt
            ln -s index.php link-to-index
            ln -s ../../index.php sub/deep/up-link
            ln -s /nonexistent/target dangling
            printf 'cached' > wp-content/cache/page/index.html
            printf 'log' > debug.log
            printf 'log' > sub/deep/old.log
            chmod 750 sub
            find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
            touch -h -d @1600000000 index.php sub
            touch -d @1650000000 .
            """;

    @TempDir
    Path tmp;
    private Path site;

    @AfterEach
    void cleanUp() {
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    @Test
    void archiveHoldsTheSiteTreeMinusExcludesWithBytesModesLinksAndMtimes() throws Exception {
        // given
        site = RemoteSite.create("files", TREE);
        Path home = RemoteSite.home(tmp.resolve("home"), "tree", siteYaml(site, "[]", "[\"wp-content/cache/**\", \"*.log\"]"));
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=tree");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).startsWith("backup site=tree id=").contains(" status=COMPLETED ", " archive=");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "tree");
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x"));
        SortedMap<String, String> expected = TreeSnapshot.without(TreeSnapshot.of(site),
                p -> p.startsWith("./wp-content/cache/") || p.endsWith(".log"));
        SortedMap<String, String> actual = TreeSnapshot.of(extracted.resolve("files"));
        assertThat(TreeSnapshot.describe(actual)).isEqualTo(TreeSnapshot.describe(expected));
        assertThat(actual).hasSizeGreaterThan(25).containsKeys("./wp-content/cache", "./wp-content/empty",
                "./$(touch pwned)", "./-rf", "./latin1-\u00e9.txt", "./new\nline.txt", "./dangling")
                .doesNotContainKeys("./debug.log", "./wp-content/cache/page");
        assertThat(actual.get("./dangling")).isEqualTo("l mode=777 target=/nonexistent/target");
        assertThat(actual.get("./private.txt")).startsWith("f mode=600 mtime=1700000000 size=6 ");
        assertThat(Files.exists(site.resolve("pwned"))).isFalse();
        assertThat(Files.exists(TestEnv.sshHome().resolve("pwned"))).isFalse();
        assertThat(Files.exists(TestEnv.sshHome().resolve("pwned2"))).isFalse();
    }

    @Test
    void summaryAndManifestCountTheFilesAndTheSidecarEqualsTheManifestInside() throws Exception {
        // given
        site = RemoteSite.create("count", "mkdir a && printf 12345 > a/one && printf 1234567890 > two && ln -s two three");
        Path home = RemoteSite.home(tmp.resolve("home"), "count", siteYaml(site, "[]", "[]"));
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=count");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).contains(" files=2 ", " bytes=15B ");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "count");
        Path sidecar = archive.resolveSibling(archive.getFileName().toString().replace(".tar.gz", ".manifest.json"));
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x"));
        assertThat(Files.readAllBytes(extracted.resolve("manifest.json"))).isEqualTo(Files.readAllBytes(sidecar));
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(sidecar));
        assertThat(manifest.site()).isEqualTo("count");
        assertThat(manifest.files().regularFiles()).isEqualTo(2);
        assertThat(manifest.files().symlinks()).isEqualTo(1);
        assertThat(manifest.files().directories()).isEqualTo(2);
        assertThat(manifest.remoteTools()).containsKeys("tar", "gzip");
        assertThat(manifest.database()).isNull();
        assertThat(Files.exists(home.resolve("backups/count/.work"))).isFalse();
    }

    @Test
    void includePatternsSelectSubtreesAndKeepTheirParentFolders() throws Exception {
        // given
        site = RemoteSite.create("includes", """
                mkdir -p wp-content/uploads/a wp-content/plugins wp-admin
                printf 1 > wp-content/uploads/a/x.jpg
                printf 2 > wp-content/plugins/p.php
                printf 3 > wp-config.php
                printf 4 > wp-admin/admin.php
                printf 5 > wp-content/uploads/a/big.log
                """);
        Path home = RemoteSite.home(tmp.resolve("home"), "inc",
                siteYaml(site, "[\"wp-content/uploads/**\", \"wp-config.php\"]", "[\"*.log\"]"));
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=inc");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        Path extracted = RemoteSite.extract(RemoteSite.onlyArchive(home.resolve("backups"), "inc"), tmp.resolve("x"));
        assertThat(TreeSnapshot.of(extracted.resolve("files")).keySet()).containsExactly(".", "./wp-config.php",
                "./wp-content", "./wp-content/uploads", "./wp-content/uploads/a", "./wp-content/uploads/a/x.jpg");
    }

    @Test
    void unreadableFilesAreWarningsListedInTheManifest() throws Exception {
        // given
        site = RemoteSite.create("unreadable", "printf ok > ok.txt && printf no > locked.txt && mkdir closed "
                + "&& printf no > closed/inner.txt");
        Processes.check(List.of("chmod", "000", site.resolve("locked.txt").toString(), site.resolve("closed").toString()),
                null);
        Path home = RemoteSite.home(tmp.resolve("home"), "unreadable", siteYaml(site, "[]", "[]"));
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=unreadable");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "unreadable");
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(
                archive.resolveSibling(archive.getFileName().toString().replace(".tar.gz", ".manifest.json"))));
        assertThat(manifest.warnings()).anyMatch(w -> w.contains("locked.txt")).anyMatch(w -> w.contains("closed"));
        assertThat(run.summary()).contains("warnings=");
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x"));
        assertThat(Files.readString(extracted.resolve("files/ok.txt"))).isEqualTo("ok");
    }

    static String siteYaml(Path site, String includes, String excludes) {
        return "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + site + "\n  include_patterns: " + includes + "\n  exclude_patterns: "
                + excludes + "\n"
                + "backup:\n  destination: backups\n";
    }
}
