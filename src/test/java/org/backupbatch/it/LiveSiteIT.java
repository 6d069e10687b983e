package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of a site that changes while the real GNU tar reads it over the real sshd. The race is
 * made certain, not likely: {@link HeldTar} stops tar while it reads a big file that comes first
 * in the listing, the test changes the site, and tar goes on. Once inside {@code gate.bin}, which
 * then grows, before anything under {@code live/} was read (a file vanishes, a folder is removed,
 * a file appears); once inside {@code live/shrinks.bin}, which is then emptied.
 */
class LiveSiteIT {

    private static final int BIG = 256 * 1024 * 1024; // text through pigz is read fast: a window tar cannot cross before it is held
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private Path site;
    private Path copy;

    @AfterEach
    void cleanUp() {
        for (Path folder : new Path[] {site, copy}) {
            if (folder != null) {
                RemoteSite.delete(folder);
            }
        }
    }

    @Test
    void filesThatGrowShrinkVanishOrAppearAndAFolderRemovedMidStreamEndInACompletedBackupWithWarnings()
            throws Exception {
        // given: big files that compress (text), so that one tar stream, the gzipped one, reads them
        // all in the listing's order (files that do not compress would travel in a second stream)
        site = RemoteSite.create("live", """
                yes 'a line of a live site that compresses' | head -c %d > gate.bin
                mkdir -p live/removed-dir/sub
                printf stays > live/stays.txt
                printf vanishes > live/vanishes.txt
                printf x > live/removed-dir/x && printf y > live/removed-dir/y && printf z > live/removed-dir/sub/z
                yes 'another line, of the file that shrinks' | head -c %d > live/shrinks.bin
                """.formatted(BIG, BIG));
        Path live = gateListedFirst(site);
        Path home = RemoteSite.home(tmp.resolve("home"), "live", FilesBackupIT.siteYaml(site, "[]", "[]"));
        Processes.Result result;
        long readOfShrinking;
        String prefixOfShrinking;
        // when
        try (JarRun run = JarRun.start(home, Map.of(), List.of("job=backup", "site=live"))) {
            HeldTar tar = HeldTar.await(run, site, WAIT);
            try {
                tar.stopInside(run, site.resolve("gate.bin"), WAIT);
                Files.write(site.resolve("gate.bin"), new byte[4096], StandardOpenOption.APPEND);
                Files.delete(live.resolve("vanishes.txt"));
                RemoteSite.delete(live.resolve("removed-dir"));
                Files.writeString(live.resolve("appears.txt"), "new");
                tar.resume();
                Path shrinking = live.resolve("shrinks.bin");
                readOfShrinking = tar.stopInside(run, shrinking, WAIT);
                prefixOfShrinking = sha256(shrinking, readOfShrinking);
                Files.write(shrinking, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            } finally {
                tar.resume();
            }
            result = run.await(WAIT);
        }
        // then
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.summary()).contains(" status=COMPLETED ", " warnings=8");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "live");
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(
                archive.resolveSibling(archive.getFileName().toString().replace(".tar.gz", ".manifest.json"))));
        String rel = "./" + site.relativize(live);
        assertThat(manifest.warnings()).containsExactlyInAnyOrder(
                "tar: ./gate.bin: file changed as we read it",
                "tar: " + rel + "/vanishes.txt: Warning: Cannot stat: No such file or directory",
                "tar: " + rel + "/removed-dir: Warning: Cannot stat: No such file or directory",
                "tar: " + rel + "/removed-dir/x: Warning: Cannot stat: No such file or directory",
                "tar: " + rel + "/removed-dir/y: Warning: Cannot stat: No such file or directory",
                "tar: " + rel + "/removed-dir/sub: Warning: Cannot stat: No such file or directory",
                "tar: " + rel + "/removed-dir/sub/z: Warning: Cannot stat: No such file or directory",
                "tar: " + rel + "/shrinks.bin: File shrank by " + (BIG - readOfShrinking)
                        + " bytes; padding with zeros");
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
        String root = "backup-" + RestoreFixtures.token(result.summary(), "id") + "/files/";
        assertThat(Processes.check(List.of("tar", "tzf", archive.toString()), null).lines().toList())
                .contains(root + "gate.bin", root + rel.substring(2) + "/stays.txt",
                        root + rel.substring(2) + "/shrinks.bin")
                .noneMatch(n -> n.contains("vanishes") || n.contains("removed-dir") || n.contains("appears"));
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x")).resolve("files");
        assertThat(Files.size(extracted.resolve("gate.bin"))).as("the size tar saw first").isEqualTo(BIG);
        assertThat(sha256(extracted.resolve("gate.bin"), BIG)).isEqualTo(sha256(site.resolve("gate.bin"), BIG));
        Path shrunk = extracted.resolve(rel).resolve("shrinks.bin");
        assertThat(Files.size(shrunk)).as("padded to the size tar saw first").isEqualTo(BIG);
        assertThat(sha256(shrunk, readOfShrinking)).isEqualTo(prefixOfShrinking);
        assertThat(onlyZerosFrom(shrunk, readOfShrinking)).isTrue();
        assertRestores(home, RestoreFixtures.token(result.summary(), "id"), rel);
    }

    /** A restore of that backup into an empty site completes, its check of every file included. */
    private void assertRestores(Path home, String id, String rel) throws Exception {
        copy = RemoteSite.create("live-copy", ":");
        RestoreFixtures.addSite(home, "copy", RestoreFixtures.filesOnlyYaml(copy, "[]"));
        Processes.Result restore = RestoreFixtures.restore(home, "site=live", "backup=" + id, "target=copy",
                "parts=files", "confirm=yes");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.summary()).contains(" status=COMPLETED ");
        SortedMap<String, String> restored = TreeSnapshot.of(copy);
        assertThat(restored).containsKeys("./gate.bin", rel + "/stays.txt", rel + "/shrinks.bin")
                .doesNotContainKeys(rel + "/vanishes.txt", rel + "/removed-dir", rel + "/appears.txt");
        assertThat(restored.get(rel + "/shrinks.bin")).contains(" size=" + BIG + " ");
    }

    /**
     * Renames {@code live/} until {@code find} (which lists a folder in the file system's hash
     * order, not by name) gives {@code gate.bin} first, so tar reads the gate before anything the
     * test changes. Each name is an even chance; the site's root holds only these two.
     */
    private static Path gateListedFirst(Path site) throws IOException {
        Path live = site.resolve("live");
        for (int i = 0; i < 40; i++) {
            String first = Processes.check(List.of("find", ".", "-mindepth", "1", "-maxdepth", "1"), site)
                    .lines().findFirst().orElseThrow();
            if (first.equals("./gate.bin")) {
                return live;
            }
            live = Files.move(live, site.resolve("live" + i));
        }
        throw new AssertionError("find never listed gate.bin first in " + site);
    }

    private static String sha256(Path file, long bytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            long left = bytes;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean onlyZerosFrom(Path file, long offset) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
