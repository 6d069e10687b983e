package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.PathRecord;
import org.backupbatch.archive.PathSorter;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.LocalShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror mode's deletions and the restore's files check, with the real find, xargs, rm and
 * rmdir through a {@link LocalShell}: what the site holds is compared with the backup's sorted list.
 */
class FilesRestorerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final LocalShell shell = new LocalShell();

    @AfterEach
    void close() {
        shell.close();
    }

    @Test
    void mirrorDeletesWhatThePatternsSelectAndTheBackupLacksDeepestFirst() throws IOException {
        // given: a site with the backup's paths, extra ones (awkward names, a whole extra branch),
        // excluded ones, and an extra folder that holds an excluded file
        Path site = site("mkdir -p a/b gone/deep cache old && : > a/b/kept && : > keep.txt && : > a/b/extra"
                + " && : > a-b && : > gone/deep/x && : > cache/y && : > old/debug.log"
                + " && : > \"$(printf 'extra\\nnewline')\" && : > \"$(printf 'caf\\351-\\377')\"");
        FileSelector selector = new FileSelector(List.of(), List.of("cache/**", "*.log"));
        long deleted;
        // when
        try (SortedPaths backup = list(".", "./a", "./a/b", "./a/b/kept", "./keep.txt", "./cache")) {
            deleted = new FilesRestorer(shell, TIMEOUT).deleteOthers(site.toString(), List.of(selector), backup,
                    dir.resolve("work"));
        }
        // then: ./old is not empty, so it stays (and is counted, as it was meant to go)
        assertThat(find(site)).containsExactlyInAnyOrder(".", "./a", "./a/b", "./a/b/kept", "./keep.txt", "./cache",
                "./cache/y", "./old", "./old/debug.log");
        assertThat(deleted).isEqualTo(8);
        assertThat(dir.resolve("work")).isEmptyDirectory();
    }

    @Test
    void mirrorDeletesOnlyWhatBothTheBackupsAndTheTargetsPatternsSelect() throws IOException {
        // given: the backup was made with narrow includes (wp-content only); the target excludes caches
        Path site = site("mkdir -p wp-content/plugins wp-content/cache other && : > index.php && : > other/o"
                + " && : > wp-content/plugins/old.php && : > wp-content/cache/c");
        List<FileSelector> both = List.of(new FileSelector(List.of("wp-content/**"), List.of()),
                new FileSelector(List.of(), List.of("wp-content/cache/**")));
        long deleted;
        // when
        try (SortedPaths backup = list(".", "./wp-content", "./wp-content/plugins")) {
            deleted = new FilesRestorer(shell, TIMEOUT).deleteOthers(site.toString(), both, backup, dir.resolve("work"));
        }
        // then: the rest of the site and the target's excluded cache stay (the cache folder itself was
        // selected, but holds an excluded file, so it stays and is counted, as it was meant to go)
        assertThat(find(site)).containsExactlyInAnyOrder(".", "./index.php", "./other", "./other/o", "./wp-content",
                "./wp-content/plugins", "./wp-content/cache", "./wp-content/cache/c");
        assertThat(deleted).isEqualTo(2);
    }

    @Test
    void mirrorOfAMissingFolderDeletesNothing() throws IOException {
        // given
        try (SortedPaths backup = list(".", "./a")) {
            // when
            long deleted = new FilesRestorer(shell, TIMEOUT).deleteOthers(dir.resolve("nowhere").toString(),
                    List.of(new FileSelector(List.of(), List.of())), backup, dir.resolve("work"));
            // then
            assertThat(deleted).isZero();
        }
    }

    @Test
    void checkTellsMissingFilesAndOtherSizesInPathOrderFirstOnesDescribed() throws IOException {
        // given: the backup's regular files; the site has one of another size, lacks some, has extras
        Path site = site("mkdir d && printf abc > same && printf 1234 > short && printf x > wp-config.php"
                + " && printf ab > \"$(printf 'new\\nline')\" && printf extra > not-in-backup");
        try (SortedPaths backup = sorted(new PathRecord(".", -1, 'd'), new PathRecord("./d", -1, 'd'),
                new PathRecord("./same", 3, 'f'), new PathRecord("./short", 10, 'f'),
                new PathRecord("./wp-config.php", 99, 'f'), new PathRecord("./new\nline", 2, 'f'),
                new PathRecord("./link", -1, 'l'), new PathRecord("./m1", 1, 'f'), new PathRecord("./m2", 0, 'f'),
                new PathRecord("./m3", 5, 'f'), new PathRecord("./m4", 5, 'f'), new PathRecord("./d/m5", 5, 'f'))) {
            // when
            FilesCheck.Differences wrong = new FilesCheck(shell, TIMEOUT).compare(site.toString(), backup,
                    Set.of("./wp-config.php"), dir.resolve("work"), 5);
            // then
            assertThat(wrong.count()).isEqualTo(6);
            assertThat(wrong.shown()).containsExactly("./d/m5 is missing", "./m1 is missing", "./m2 is missing",
                    "./m3 is missing", "./m4 is missing");
            FilesCheck.Differences all = new FilesCheck(shell, TIMEOUT).compare(site.toString(), backup, Set.of(),
                    dir.resolve("work"), 10);
            assertThat(all.shown()).contains("./short has 4 bytes, not 10", "./wp-config.php has 1 bytes, not 99")
                    .hasSize(7);
        }
        assertThat(dir.resolve("work")).isEmptyDirectory();
    }

    @Test
    void checkOfAFolderThatCannotBeListedFails() throws IOException {
        // given
        try (SortedPaths backup = list(".")) {
            // when / then
            assertThatThrownBy(() -> new FilesCheck(shell, TIMEOUT).compare(dir.resolve("nowhere").toString(), backup,
                    Set.of(), dir.resolve("work"), 5)).isInstanceOf(IOException.class).hasMessageContaining("listing");
        }
    }

    /** A site folder made by a script run in it. */
    private Path site(String script) throws IOException {
        Path site = Files.createDirectory(dir.resolve("site"));
        CommandResult made = shell.run("cd " + site + " && " + script, null, new ByteArrayOutputStream(), TIMEOUT);
        assertThat(made.exitStatus()).as(made.stderrTail(5)).isZero();
        return site;
    }

    private List<String> find(Path site) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shell.run("cd " + site + " && find . -print0", null, out, TIMEOUT);
        String listing = out.toString(StandardCharsets.ISO_8859_1);
        return Stream.of(listing.split("\0")).filter(p -> !p.isEmpty()).toList();
    }

    private SortedPaths list(String... paths) throws IOException {
        return sorted(Stream.of(paths).map(PathRecord::of).toArray(PathRecord[]::new));
    }

    private SortedPaths sorted(PathRecord... records) throws IOException {
        try (PathSorter sorter = new PathSorter(dir.resolve("lists"))) {
            for (PathRecord record : records) {
                sorter.add(record);
            }
            return sorter.finish();
        }
    }
}
