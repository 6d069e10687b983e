package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.token;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental nights over the real sshd (issue 15): after a full backup, the next one fetches only
 * what changed and takes the rest from it, and its archive extracts with GNU tar to the same tree
 * as a full backup taken at the same moment; a content check catches a file rewritten with the
 * same size and mtime; a damaged reference makes the night full, with a warning; an interrupted
 * incremental resumes.
 */
class IncrementalBackupIT {

    private static final String SITE = """
            mkdir -p wp-content/uploads/2026/11 wp-content/plugins/p wp-content/themes/t wp-includes
            for i in 1 2 3 4 5 6; do head -c 300000 /dev/urandom > wp-content/uploads/2026/11/photo-$i.jpg; done
            head -c 2000000 /dev/urandom > wp-content/uploads/clip.mp4
            for i in $(seq 1 60); do printf '<?php\\n// plugin file %s\\necho "hello %s";\\n' $i $i > wp-content/plugins/p/f$i.php; done
            seq 1 20000 | sed 's/^/line of a theme file /' > wp-content/themes/t/style.css
            printf '<?php\\n// core\\n' > wp-includes/version.php
            ln -s uploads/2026/11/photo-1.jpg wp-content/latest.jpg
            printf '' > wp-content/index.php
            chmod 750 wp-content/plugins/p
            find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
            """;

    /** Changes of every kind: content, addition, deletion, rename, mode only, symlink target, folders. */
    private static final String CHANGES = """
            printf 'changed\\n' >> wp-content/plugins/p/f3.php
            head -c 310000 /dev/urandom > wp-content/uploads/2026/11/photo-2.jpg
            mkdir -p wp-content/uploads/2026/12 && head -c 50000 /dev/urandom > wp-content/uploads/2026/12/new.jpg
            printf '<?php // new\\n' > wp-content/plugins/p/new.php
            rm wp-content/plugins/p/f5.php wp-content/uploads/2026/11/photo-6.jpg
            mv wp-content/themes/t/style.css wp-content/themes/t/main.css
            chmod 600 wp-content/plugins/p/f7.php
            chmod 700 wp-content/themes/t
            ln -sfn uploads/2026/12/new.jpg wp-content/latest.jpg
            """;

    @TempDir
    Path tmp;
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        folders.forEach(RemoteSite::delete);
    }

    private Path site(String name) throws Exception {
        Path site = RemoteSite.create(name, SITE);
        folders.add(site);
        return site;
    }

    private static Processes.Result backup(Path home, String site) {
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=" + site);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    private static Manifest manifest(Path home, String site, String id) throws Exception {
        return Manifest.fromJson(Files.readAllBytes(RestoreFixtures.manifest(home, site, id)));
    }

    private String extracted(Path home, String site, String id) throws Exception {
        Path archive = RestoreFixtures.archive(home, site, id);
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
        Path root = RemoteSite.extract(archive, tmp.resolve("x-" + site + "-" + id));
        return TreeSnapshot.describe(TreeSnapshot.of(root.resolve("files")));
    }

    @Test
    void incrementalNightFetchesOnlyTheChangesAndExtractsAsAFullOne() throws Exception {
        // given: a full night, then changes of every kind
        Path site = site("inc-equal");
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "incsite", RestoreFixtures.filesOnlyYaml(site, "[]"));
        RestoreFixtures.addSite(home, "incfull", RestoreFixtures.filesOnlyYaml(site, "[]")
                .replace("backup:\n", "backup:\n  mode: full\n"));
        Processes.Result first = backup(home, "incsite");
        String firstId = token(first.summary(), "id");
        RestoreFixtures.change(site, CHANGES);
        // when: an incremental night, and a full one of the same tree
        Processes.Result second = backup(home, "incsite");
        Processes.Result full = backup(home, "incfull");
        // then
        assertThat(token(first.summary(), "mode")).isEqualTo("full");
        assertThat(token(second.summary(), "mode")).as(second.summary()).isEqualTo("incremental");
        assertThat(token(second.summary(), "reference")).isEqualTo(firstId);
        String secondId = token(second.summary(), "id");
        String tree = TreeSnapshot.describe(TreeSnapshot.of(site));
        assertThat(extracted(home, "incsite", secondId)).isEqualTo(extracted(home, "incfull",
                token(full.summary(), "id"))).isEqualTo(tree);
        Manifest m = manifest(home, "incsite", secondId);
        assertThat(m.transfer().mode()).isEqualTo("incremental");
        assertThat(m.transfer().transferred()).as("the changed files, not the 4 MB of media").isLessThan(600_000);
        assertThat(m.transfer().reused()).isGreaterThan(3_000_000);
        assertThat(m.filesIndex().entries()).isEqualTo(m.files().entries());
        assertThat(home.resolve("backups/incsite/backup-incsite-" + secondId + ".files.gz")).isRegularFile();

        // and when: a night with nothing changed, against the incremental one (members copied)
        Processes.Result third = backup(home, "incsite");
        // then
        Manifest unchanged = manifest(home, "incsite", token(third.summary(), "id"));
        assertThat(unchanged.transfer().reference()).isEqualTo(secondId);
        assertThat(unchanged.transfer().transferred()).as("the listing only").isLessThan(20_000);
        assertThat(extracted(home, "incsite", token(third.summary(), "id"))).isEqualTo(tree);
        // and a restore of it gives the tree back
        Path target = site.resolveSibling("inc-restored-" + System.nanoTime());
        folders.add(target);
        RestoreFixtures.addSite(home, "inccopy", RestoreFixtures.filesOnlyYaml(target, "[]"));
        Processes.Result restore = Processes.backupBatch(home, Map.of(), "job=restore", "site=incsite",
                "backup=" + token(third.summary(), "id"), "target=inccopy");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(target))).isEqualTo(tree);
    }

    @Test
    void contentCheckFetchesAFileRewrittenWithTheSameSizeAndMtime() throws Exception {
        // given: two nights, then a file rewritten in place with its size and mtime kept
        Path site = site("inc-tamper");
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "inctamper", RestoreFixtures.filesOnlyYaml(site, "[]"));
        backup(home, "inctamper");
        backup(home, "inctamper");
        RestoreFixtures.change(site, "printf '<?php\\n// CORE\\n' > wp-includes/version.php\n"
                + "touch -d @1700000000 wp-includes/version.php wp-includes\n");
        Files.writeString(home.resolve("jobs/inctamper.yaml"), RestoreFixtures.filesOnlyYaml(site, "[]")
                .replace("backup:\n", "backup:\n  content_check_every_days: 0\n"));
        // when
        Processes.Result checked = backup(home, "inctamper");
        // then
        String id = token(checked.summary(), "id");
        assertThat(token(checked.summary(), "mode")).isEqualTo("incremental");
        assertThat(checked.stderr()).contains("content check: ./wp-includes/version.php differs");
        assertThat(manifest(home, "inctamper", id).warnings()).anyMatch(w -> w.contains("version.php"));
        assertThat(manifest(home, "inctamper", id).transfer().contentChecked()).isEqualTo(id);
        assertThat(extracted(home, "inctamper", id)).isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(site)));
    }

    @Test
    void damagedReferenceMakesTheNightFullWithAWarning() throws Exception {
        // given: a full night whose archive is then damaged on disk
        Path site = site("inc-damaged");
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "incdamaged", RestoreFixtures.filesOnlyYaml(site, "[]"));
        String firstId = token(backup(home, "incdamaged").summary(), "id");
        try (RandomAccessFile file = new RandomAccessFile(RestoreFixtures.archive(home, "incdamaged", firstId)
                .toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0xff);
        }
        RestoreFixtures.change(site, CHANGES);
        // when
        Processes.Result second = backup(home, "incdamaged");
        // then
        String id = token(second.summary(), "id");
        assertThat(token(second.summary(), "mode")).isEqualTo("full");
        assertThat(second.stderr()).contains("reference backup " + firstId + " fails its check");
        assertThat(manifest(home, "incdamaged", id).warnings()).anyMatch(w -> w.contains("fails its check"));
        assertThat(extracted(home, "incdamaged", id)).isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(site)));
    }

    @Test
    void interruptedIncrementalResumesAndCompletes() throws Exception {
        try (FaultProxy proxy = FaultProxy.toTestSshd()) {
            // given: a full night through the proxy, then a large change
            Path site = site("inc-resume");
            Path home = tmp.resolve("home");
            String yaml = "site:\n  app_type: custom\n" + proxy.sshYaml(tmp) + "files:\n  remote_path: " + site
                    + "\n  exclude_patterns: []\nbackup:\n  destination: backups\n  retries: 0\n";
            RestoreFixtures.addSite(home, "incresume", yaml);
            String firstId = token(backup(home, "incresume").summary(), "id");
            RestoreFixtures.change(site, "head -c 3000000 /dev/urandom > wp-content/uploads/big.mp4\n" + CHANGES);
            // when: the stream of the changes is cut, then the same command runs again
            proxy.resetAfter(1_000_000);
            Processes.Result cut = Processes.backupBatch(home, Map.of(), "job=backup", "site=incresume");
            proxy.noFaults();
            Processes.Result resumed = backup(home, "incresume");
            // then
            assertThat(cut.exit()).as(cut.toString()).isNotZero();
            assertThat(token(cut.summary(), "status")).isEqualTo("FAILED");
            assertThat(token(resumed.summary(), "id")).isEqualTo(token(cut.summary(), "id"));
            assertThat(token(resumed.summary(), "mode")).isEqualTo("incremental");
            assertThat(token(resumed.summary(), "reference")).isEqualTo(firstId);
            assertThat(extracted(home, "incresume", token(resumed.summary(), "id")))
                    .isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(site)));
        }
    }
}
