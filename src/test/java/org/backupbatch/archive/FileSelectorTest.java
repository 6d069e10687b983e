package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.backupbatch.it.HostileStrings;
import org.junit.jupiter.api.Test;

class FileSelectorTest {

    private static final List<String> TREE = List.of(".", "./index.php", "./debug.log", "./wp-content",
            "./wp-content/cache", "./wp-content/cache/page.html", "./wp-content/cache/deep", "./wp-content/cache/deep/x",
            "./wp-content/uploads", "./wp-content/uploads/a.jpg", "./wp-content/uploads/old.log",
            "./wp-content/themes", "./wp-content/themes/t", "./wp-content/themes/t/style.css", "./cache",
            "./cache/keep.txt", "./wp-config.php");

    @Test
    void selectsEverythingWhenNoPatternIsGiven() throws IOException {
        // given
        FileSelector selector = new FileSelector(List.of(), List.of());
        // when
        List<String> selected = select(selector, TREE);
        // then
        assertThat(selected).containsExactlyElementsOf(TREE);
    }

    @Test
    void excludeWithSlashIsAnchoredAndWithoutSlashMatchesAtAnyDepth() throws IOException {
        // given
        FileSelector selector = new FileSelector(List.of(), List.of("wp-content/cache/**", "*.log"));
        // when
        List<String> selected = select(selector, TREE);
        // then: the cache folder itself stays (empty), the top-level ./cache is untouched
        assertThat(selected).contains("./wp-content/cache", "./cache/keep.txt", "./wp-content/uploads/a.jpg")
                .doesNotContain("./wp-content/cache/page.html", "./wp-content/cache/deep", "./wp-content/cache/deep/x",
                        "./debug.log", "./wp-content/uploads/old.log");
    }

    @Test
    void excludedFolderTakesItsSubtree() throws IOException {
        // given
        FileSelector selector = new FileSelector(List.of(), List.of("wp-content/cache"));
        // when
        List<String> selected = select(selector, TREE);
        // then
        assertThat(selected).noneMatch(p -> p.startsWith("./wp-content/cache"));
        assertThat(selected).contains("./cache", "./cache/keep.txt");
    }

    @Test
    void includesKeepTheirParentsAndSubtreesAndExcludesWin() throws IOException {
        // given
        FileSelector selector = new FileSelector(List.of("wp-content/uploads", "wp-config.php"), List.of("*.log"));
        // when
        List<String> selected = select(selector, TREE);
        // then
        assertThat(selected).containsExactly(".", "./wp-content", "./wp-content/uploads", "./wp-content/uploads/a.jpg",
                "./wp-config.php");
    }

    @Test
    void doubleStarAloneMeansEverythingAndCrossesFolders() throws IOException {
        // given
        FileSelector everything = new FileSelector(List.of("**"), List.of());
        FileSelector styles = new FileSelector(List.of("wp-content/**/*.css"), List.of());
        // when
        List<String> all = select(everything, TREE);
        List<String> css = select(styles, TREE);
        // then
        assertThat(all).containsExactlyElementsOf(TREE);
        assertThat(css).containsExactly(".", "./wp-content", "./wp-content/themes", "./wp-content/themes/t",
                "./wp-content/themes/t/style.css");
    }

    @Test
    void singleStarDoesNotCrossFolders() {
        assertThat(GlobPattern.compile("wp-content/*.jpg").matches("wp-content/uploads/a.jpg")).isFalse();
        assertThat(GlobPattern.compile("wp-content/*/a.jpg").matches("wp-content/uploads/a.jpg")).isTrue();
        assertThat(GlobPattern.compile("/wp-config.php").matches("wp-config.php")).isTrue();
        assertThat(GlobPattern.compile("wp-config.php").matches("sub/wp-config.php")).isTrue();
        assertThat(GlobPattern.compile("file[0-9].txt").matches("file7.txt")).isTrue();
        assertThat(GlobPattern.compile("a+b (1).txt").matches("a+b (1).txt")).isTrue();
    }

    @Test
    void aReversedRangeMatchesNothingInsteadOfFailing() {
        assertThat(GlobPattern.compile("x[z-a]y").matches("xby")).isFalse();
        assertThat(GlobPattern.compile("x[z-ab]y").matches("xby")).isTrue();
        assertThat(GlobPattern.compile("x[!z-a]y").matches("xby")).isTrue();
        assertThat(GlobPattern.compile("x[\\p]y").matches("xpy")).isTrue();
        assertThat(GlobPattern.compile("x[\\p]y").matches("x\\y")).isTrue();
    }

    @Test
    void everyHostilePatternCompilesAndOneWithoutGlobCharactersMatchesItsOwnName() {
        for (long seed : HostileStrings.seeds()) {
            HostileStrings gen = new HostileStrings(seed, "glob");
            for (int i = 0; i < 5000; i++) {
                // given
                String pattern = gen.text(40, true);
                String literal = pattern.replaceAll("[*?\\[/]", "").strip();
                // when
                GlobPattern compiled = GlobPattern.compile(pattern);
                // then
                assertThat(compiled).as(HostileStrings.replay(List.of(seed))).isNotNull();
                if (!literal.isEmpty()) {
                    String name = new String(literal.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                    assertThat(GlobPattern.compile(literal).matches(name)).as(HostileStrings.replay(List.of(seed))
                            + ": " + literal).isTrue();
                }
            }
        }
    }

    @Test
    void matchesNonAsciiAndNonUtf8NamesByTheirBytes() throws IOException {
        // given: a UTF-8 name and a Latin-1 name that is not valid UTF-8
        String utf8 = new String("./été.log".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String latin1 = new String("./caf\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        FileSelector selector = new FileSelector(List.of(), List.of("été.log"));
        // when
        List<String> selected = select(selector, List.of(".", utf8, latin1));
        // then
        assertThat(selected).containsExactly(".", latin1);
    }

    private static List<String> select(FileSelector selector, List<String> tree) throws IOException {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        for (String path : tree) {
            listing.write(path.getBytes(StandardCharsets.ISO_8859_1));
            listing.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long count = selector.select(new ByteArrayInputStream(listing.toByteArray()), out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        List<String> selected = text.isEmpty() ? List.of() : Arrays.asList(text.substring(0, text.length() - 1).split("\0"));
        assertThat(count).isEqualTo(selected.size());
        return selected;
    }
}
