package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.token;

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
 * A media-heavy site over the real sshd: JPEGs and a video named {@code .bin} cross SSH as a
 * plain tar stream beside the gzipped rest, on two channels; the archive verifies, extracts with
 * GNU tar to the site's tree, records both streams, and restores into another folder.
 */
class SplitBackupIT {

    /** Random media (one large .bin with a neutral name), large text, small PHP files, fixed times. */
    private static final String MEDIA_SITE = """
            mkdir -p wp-content/uploads/2026/11 wp-content/plugins/p wp-content/uploads/videos
            for i in 1 2 3 4 5 6; do head -c 300000 /dev/urandom > wp-content/uploads/2026/11/photo-$i.jpg; done
            head -c 20000 /dev/urandom > wp-content/uploads/2026/11/photo-1-150x150.jpg
            head -c 3000000 /dev/urandom > wp-content/uploads/videos/clip.bin
            seq 1 300000 | sed 's/^/row of a large log /' > wp-content/debug.txt
            for i in $(seq 1 40); do printf '<?php\\n// plugin file %s\\necho "hello";\\n' $i > wp-content/plugins/p/f$i.php; done
            chmod 640 wp-content/uploads/videos/clip.bin
            find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
            touch -d @1600000000 wp-content/uploads/videos wp-content/uploads/2026/11
            """;

    @TempDir
    Path tmp;
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void mediaHeavySiteIsSplitVerifiedAndRestoredToTheSameTree() throws Exception {
        // given
        Path site = RemoteSite.create("wt-split-media", MEDIA_SITE);
        folders.add(site);
        Path target = site.resolveSibling("wt-split-restored-" + System.nanoTime());
        folders.add(target);
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "media", RestoreFixtures.filesOnlyYaml(site, "[]"));
        RestoreFixtures.addSite(home, "copy", RestoreFixtures.filesOnlyYaml(target, "[]"));
        // when
        Processes.Result backup = Processes.backupBatch(home, Map.of(), "job=backup", "site=media");
        // then
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String id = token(backup.summary(), "id");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "media");
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(RestoreFixtures.manifest(home, "media", id)));
        assertThat(manifest.members()).extracting(Manifest.Member::name)
                .containsExactly("files", "files.stored", "files.gzip");
        Manifest.Member stored = manifest.member(Manifest.FILES_STORED);
        assertThat(stored.length()).as("six photos and the video, not compressed").isGreaterThan(4_800_000);
        assertThat(manifest.member(Manifest.FILES_GZIP).length()).as("the text, gzipped").isLessThan(1_500_000);
        assertThat(manifest.compression()).matches("(gzip|pigz) -6");
        assertThat(backup.stderr()).contains("7 that do not compress (2 sampled)");
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x"));
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(extracted.resolve("files"))))
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(site)));
        // and when
        Processes.Result restore = Processes.backupBatch(home, Map.of(), "job=restore", "site=media",
                "backup=" + id, "target=copy");
        // then
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(token(restore.summary(), "status")).as(restore.summary()).isEqualTo("COMPLETED");
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(target))).isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(site)));
    }
}
