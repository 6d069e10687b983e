package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.restore;
import static org.backupbatch.it.RestoreFixtures.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code job=restore} of symlinks against the real sshd: links are data, restored as the same
 * links whatever they point to (absolute, dangling, out of the site), and those that point
 * outside are listed; an archive whose entries go through a link is refused before anything
 * changes, and nothing is written through the link.
 */
class SymlinkRestoreIT {

    @TempDir
    Path tmp;
    private final List<Path> folders = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void linksPointingOutsideTheSiteAreRestoredAsTheSameLinksAndListed() throws Exception {
        // given: site a links to a folder outside it (absolute), to nothing, out of it (relative) and inside it
        Path shared = site("shared", "mkdir uploads && printf pic > uploads/pic.jpg");
        Path a = site("a", """
                mkdir wp-content
                printf '<?php\\n' > index.php
                ln -s %s/uploads wp-content/uploads
                ln -s /nonexistent/bb-it-gone dangling
                ln -s ../../shared up-shared
                ln -s index.php link-to-index
                find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
                """.formatted(shared));
        Path b = TestEnv.sshHome().resolve("it").resolve("b-" + System.nanoTime());
        folders.add(b);
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a", RestoreFixtures.filesOnlyYaml(a, "[]"));
        RestoreFixtures.addSite(home, "b", RestoreFixtures.filesOnlyYaml(b, "[]"));
        String id = RestoreFixtures.backup(home, "a");
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "target=b");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("COMPLETED");
        SoftAssertions soft = new SoftAssertions();
        for (String link : List.of("wp-content/uploads", "dangling", "up-shared", "link-to-index")) {
            soft.assertThat(Files.isSymbolicLink(b.resolve(link))).as(link + " is a link").isTrue();
            soft.assertThat(readlink(b.resolve(link))).as("readlink " + link).isEqualTo(readlink(a.resolve(link)));
        }
        soft.assertThat(TreeSnapshot.describe(TreeSnapshot.of(b))).as("restored tree")
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(a)));
        List<String> outside = List.of("wp-content/uploads -> " + shared + "/uploads",
                "dangling -> /nonexistent/bb-it-gone", "up-shared -> ../../shared");
        outside.forEach(link -> soft.assertThat(run.stderr()).as("log")
                .contains("link " + link + " points outside the site"));
        soft.assertThat(run.stderr()).as("log").doesNotContain("link link-to-index");
        Map<String, Object> context = RunRecords.hsqldb(home, "b").lastJobContext();
        soft.assertThat(context).as("job context").containsEntry("links.outside", 3L);
        soft.assertThat(context.get("links.outside.list")).as("job context").isInstanceOf(ArrayList.class)
                .asInstanceOf(InstanceOfAssertFactories.list(String.class)).containsExactlyInAnyOrderElementsOf(outside);
        soft.assertAll();
    }

    static Stream<Arguments> entriesThroughALink() {
        return Stream.of(
                Arguments.of("a chain that climbs out", List.of(CraftedArchive.Extra.symlink("files/a", "."),
                        CraftedArchive.Extra.symlink("files/b", "a/.."),
                        CraftedArchive.Extra.file("files/b/evil-chain", "evil")), "files/b/evil-chain"),
                Arguments.of("an absolute link", List.of(
                        CraftedArchive.Extra.symlink("files/l", TestEnv.sshHome().toString()),
                        CraftedArchive.Extra.file("files/l/evil-through", "evil")), "files/l/evil-through"),
                Arguments.of("a relative link out of the site", List.of(
                        CraftedArchive.Extra.symlink("files/link", "../.."),
                        CraftedArchive.Extra.file("files/link/evil-via-link", "evil")), "files/link/evil-via-link"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entriesThroughALink")
    void entryThroughALinkIsRefusedAndNothingIsWritten(String label, List<CraftedArchive.Extra> extras, String evil)
            throws Exception {
        // given: a valid backup with the extra entries added (all sums made right again), the site changed since
        Path a = site("a", "printf one > one.txt");
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a", RestoreFixtures.filesOnlyYaml(a, "[]"));
        String id = RestoreFixtures.backup(home, "a");
        RestoreFixtures.change(a, "printf 'changed' > one.txt");
        RestoreIT.craft(home, "a", id, extras, "backup-" + id + "/" + evil);
        SortedMap<String, String> before = TreeSnapshot.of(a);
        // when
        Processes.Result run = restore(home, "site=a", "backup=" + id, "parts=files", "confirm=yes");
        // then
        RestoreIT.assertRefusedAsUnsafe(run, evil);
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(a))).isEqualTo(TreeSnapshot.describe(before));
        RestoreIT.assertNoEvilFile(a, Path.of(evil).getFileName().toString());
        assertThat(RestoreIT.publishedIds(home, "a")).as("no safety snapshot either").containsExactly(id);
    }

    private Path site(String name, String script) throws Exception {
        Path folder = RemoteSite.create(name, script);
        folders.add(folder);
        return folder;
    }

    private static String readlink(Path link) throws Exception {
        return Files.readSymbolicLink(link).toString();
    }

}
