package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before a restore, symlinks are data: whatever they point to they verify and are reported when
 * they point outside the site; what would make tar write outside the site is refused with a
 * message naming the entry.
 */
class RestoreEntryRulesTest {

    private static final String FILES = ArchiveFixture.FILES_ROOT + "/";

    @TempDir
    Path dir;

    @Test
    void absoluteEntryNameIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().file("/tmp/evil-absolute", "evil"), "/tmp/evil-absolute",
                "leaves the archive's folder");
    }

    @Test
    void entryNameWithDotDotIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().file("files/../../evil-dotdot", "evil"),
                FILES + "../../evil-dotdot", "leaves the archive's folder");
    }

    @Test
    void fileThroughAnAbsoluteSymlinkIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().symlink("files/link", "/etc").file("files/link/passwd", "evil"),
                FILES + "link/passwd", "goes through the symlink link (-> /etc)");
    }

    @Test
    void fileThroughASymlinkInsideTheSiteIsRefused() {
        // given: d -> sub stays in the site, but tar would write d/x into whatever d is on the target
        HostileArchive archive = HostileArchive.withSiteFolder().dir("files/sub").symlink("files/d", "sub")
                .file("files/d/x", "evil");
        // when / then
        assertRefused(archive, FILES + "d/x", "goes through the symlink d");
    }

    @Test
    void fileThroughAChainOfLinksThatClimbsOutIsRefused() {
        // given: a -> . keeps b -> a/.. looking like the site's folder, yet b resolves to its parent
        HostileArchive archive = HostileArchive.withSiteFolder().symlink("files/a", ".").symlink("files/b", "a/..")
                .file("files/b/evil-chain", "evil");
        // when / then
        assertRefused(archive, FILES + "b/evil-chain", "goes through the symlink b");
    }

    @Test
    void fileDeepUnderASymlinkIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().symlink("files/wp-content", "/srv/shared")
                .file("files/./wp-content/uploads/2026/evil.php", "evil"),
                FILES + "./wp-content/uploads/2026/evil.php", "goes through the symlink wp-content");
    }

    @Test
    void folderEntryAtASymlinkIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().dir("files/sub").symlink("files/l", "sub").dir("files/l"),
                FILES + "l/", "goes through the symlink l");
    }

    @Test
    void symlinkReplacingAFolderThatHoldsEntriesIsRefused() {
        // given: tar would keep the folder's later entries... under the link
        HostileArchive archive = HostileArchive.withSiteFolder().file("files/p/q/r.txt", "r")
                .symlink("files/p", "/etc");
        // when / then
        assertRefused(archive, FILES + "p", "a symlink where earlier entries made a folder");
    }

    @Test
    void symlinkReplacingAnEmptyFolderEntryIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().dir("files/uploads").symlink("files/uploads", "/etc"),
                FILES + "uploads", "a symlink where earlier entries made a folder");
    }

    @Test
    void siteFolderAsASymlinkIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().symlink("files", "/etc"), FILES.substring(0, FILES.length() - 1),
                "the site's folder itself must be a folder");
    }

    @Test
    void hardLinkToAnAbsoluteNameIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().hardLink("files/h", "/etc/passwd"), FILES + "h",
                "hard link to /etc/passwd, outside the site");
    }

    @Test
    void hardLinkWithDotDotIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().hardLink("files/h", FILES + "../../etc/passwd"), FILES + "h",
                "outside the site");
    }

    @Test
    void hardLinkOutsideTheFilesIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().hardLink("files/h", ArchiveFixture.ROOT + "/manifest.json"),
                FILES + "h", "outside the site");
    }

    @Test
    void hardLinkThroughASymlinkIsRefused() {
        assertRefused(HostileArchive.withSiteFolder().symlink("files/l", "/etc").hardLink("files/h", FILES + "l/passwd"),
                FILES + "h", "through the symlink l");
    }

    @Test
    void symlinksPointingAnywhereVerifyAndThoseLeavingTheSiteAreReported() throws IOException {
        // given
        HostileArchive archive = HostileArchive.withSiteFolder()
                .file("files/index.php", "<?php")
                .dir("files/wp-content")
                .symlink("files/wp-content/uploads", "../../shared/uploads")
                .symlink("files/current", "/home/u/releases/42")
                .symlink("files/gone", "/nonexistent/file")
                .symlink("files/dangling-inside", "missing.txt")
                .symlink("files/link-to-index", "index.php")
                .symlink("files/a", "b")
                .symlink("files/b", "/x")
                .symlink("files/self", ".")
                .symlink("files/up", "self/..")
                .file("files/wp-content/themes/style.css", "body{}");
        // when
        OutsideLinks outside = archive.write(dir).verifyBeforeRestore();
        // then
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("wp-content/uploads", "../../shared/uploads");
        expected.put("current", "/home/u/releases/42");
        expected.put("gone", "/nonexistent/file");
        expected.put("a", "b");
        expected.put("b", "/x");
        expected.put("up", "self/..");
        assertThat(outside.first()).containsExactlyEntriesOf(expected);
        assertThat(outside.count()).isEqualTo(6);
    }

    @Test
    void aHardLinkToARelativeSymlinkIsReportedWhereItsTargetLeavesTheSite() throws IOException {
        // given: deep/l -> ../x stays inside; the same link as top resolves from the site's parent
        HostileArchive archive = HostileArchive.withSiteFolder().symlink("files/deep/l", "../x")
                .hardLink("files/top", FILES + "deep/l");
        // when
        OutsideLinks outside = archive.write(dir).verifyBeforeRestore();
        // then
        assertThat(outside.first()).containsExactly(Map.entry("top", "../x"));
    }

    @Test
    void aLoopOfLinksVerifiesAndPointsNowhere() throws IOException {
        // given
        HostileArchive archive = HostileArchive.withSiteFolder().symlink("files/p", "q").symlink("files/q", "p");
        // when
        OutsideLinks outside = archive.write(dir).verifyBeforeRestore();
        // then
        assertThat(outside.count()).isZero();
    }

    @Test
    void onlyTheFirstHundredOutsideLinksAreKeptButAllAreCounted() throws IOException {
        // given
        HostileArchive archive = HostileArchive.withSiteFolder();
        for (int i = 0; i < 150; i++) {
            archive.symlink("files/l" + i, "/shared/" + i);
        }
        // when
        OutsideLinks outside = archive.write(dir).verifyBeforeRestore();
        // then
        assertThat(outside.count()).isEqualTo(150);
        assertThat(outside.first()).hasSize(OutsideLinks.KEPT).containsEntry("l0", "/shared/0")
                .containsEntry("l99", "/shared/99").doesNotContainKey("l100");
    }

    @Test
    void backupVerificationReportsNoLinks() throws IOException {
        // given
        HostileArchive.Written written = HostileArchive.withSiteFolder().symlink("files/l", "/etc").write(dir);
        // when
        OutsideLinks outside = new ArchiveVerifier().verify(written.archive(), written.manifestJson(),
                written.sha256(), false);
        // then
        assertThat(outside).isEqualTo(OutsideLinks.none());
    }

    @Test
    void gnuTarRestoresAcceptedOutsideLinksAsTheSameLinks() throws IOException {
        // given: the files member, fed to tar with the restore's own options
        Path outsideFolder = Files.createDirectory(dir.resolve("shared"));
        Path site = Files.createDirectories(dir.resolve("sites/b"));
        HostileArchive.Written written = HostileArchive.withSiteFolder().file("files/index.php", "<?php")
                .symlink("files/absolute", outsideFolder.toString())
                .symlink("files/dangling", "/nonexistent/file")
                .symlink("files/relative", "../../shared").write(dir);
        assertThat(written.verifyBeforeRestore().count()).isEqualTo(3);
        // when
        Processes.Outcome tar = Processes.run(site, written.filesMember(), List.of("tar", "-xzpf", "-",
                "--no-same-owner", "--transform=s,^backup-[^/]*/files,.,S"));
        // then
        assertThat(tar.status()).as(tar.stderr()).isZero();
        assertThat(Files.isSymbolicLink(site.resolve("absolute"))).isTrue();
        assertThat(Files.readSymbolicLink(site.resolve("absolute"))).isEqualTo(outsideFolder);
        assertThat(Files.readSymbolicLink(site.resolve("dangling"))).isEqualTo(Path.of("/nonexistent/file"));
        assertThat(Files.readSymbolicLink(site.resolve("relative"))).isEqualTo(Path.of("../../shared"));
        assertThat(Files.isDirectory(site.resolve("relative"))).as("relative resolves to the shared folder").isTrue();
        assertThat(Files.isRegularFile(site.resolve("index.php"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private void assertRefused(HostileArchive archive, String entryName, String why) {
        assertThatThrownBy(() -> archive.write(dir).verifyBeforeRestore()).isInstanceOf(FatalError.class)
                .hasMessageContaining("unsafe entry " + entryName + ": ").hasMessageContaining(why);
    }
}
