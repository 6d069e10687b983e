package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplacementsTest {

    private static final String HOME = "https://ex.org";
    private static final String SITEURL = "https://ex.org/wp";
    private static final String NEW_HOME = "https://staging.ex.org";
    private static final String NEW_SITEURL = "https://wp.staging.ex.org/core";

    @ParameterizedTest(name = "siteurl given first: {0}")
    @ValueSource(booleans = {true, false})
    void mapsEachUrlByTheLongestFromThatMatchesWhateverTheOrderGiven(boolean siteurlFirst) {
        // given
        Replacements urls = siteurlFirst
                ? Replacements.NONE.with(SITEURL, NEW_SITEURL).with(HOME, NEW_HOME)
                : Replacements.NONE.with(HOME, NEW_HOME).with(SITEURL, NEW_SITEURL);
        String text = "<a href=\"https://ex.org/about\">x</a><img src=\"https://ex.org/wp/wp-content/a.jpg\">"
                + "https://ex.orghttps://ex.org/wp";

        // when
        String replaced = urls.replace(text, new Replacements.Tally());

        // then
        assertThat(replaced).isEqualTo("<a href=\"https://staging.ex.org/about\">x</a>"
                + "<img src=\"https://wp.staging.ex.org/core/wp-content/a.jpg\">https://staging.ex.orghttps://wp.staging.ex.org/core");
    }

    @Test
    void replacesTheJsonEscapedFormOfEachUrlAndCountsEachForm() {
        // given: json_encode() writes / as \/
        Replacements urls = Replacements.NONE.with(HOME, NEW_HOME).with(SITEURL, NEW_SITEURL);
        String text = "[{\"url\":\"https:\\/\\/ex.org\\/page\",\"img\":\"https:\\/\\/ex.org\\/wp\\/a.jpg\"},"
                + "\"https://ex.org/wp/b\"]";
        Replacements.Tally tally = new Replacements.Tally();

        // when
        String replaced = urls.replace(text, tally);

        // then
        assertThat(replaced).isEqualTo("[{\"url\":\"https:\\/\\/staging.ex.org\\/page\","
                + "\"img\":\"https:\\/\\/wp.staging.ex.org\\/core\\/a.jpg\"},\"https://wp.staging.ex.org/core/b\"]");
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 1L, "json", 2L));
    }

    @Test
    void takesTheLeftmostMatchFirstWhenTheUrlsShareNoPrefix() {
        // given: a scheme-less home (both schemes) and a siteurl with its scheme
        Replacements urls = Replacements.NONE.with("//ex.org", "//staging.ex.org").with(SITEURL, NEW_SITEURL);
        String text = "https://ex.org/wp/a http://ex.org/wp/b https:\\/\\/ex.org\\/wp //ex.org";
        Replacements.Tally tally = new Replacements.Tally();

        // when
        String replaced = urls.replace(text, tally);

        // then
        assertThat(replaced).isEqualTo("https://wp.staging.ex.org/core/a http://staging.ex.org/wp/b "
                + "https:\\/\\/wp.staging.ex.org\\/core //staging.ex.org");
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 3L, "json", 1L));
    }

    @Test
    void neverScansWhatItPutIn() {
        // given: the new home starts with the old siteurl
        Replacements urls = Replacements.NONE.with(HOME, SITEURL).with(SITEURL, NEW_SITEURL);

        // when
        String replaced = urls.replace("https://ex.org/a https://ex.org/wp/b", new Replacements.Tally());

        // then
        assertThat(replaced).isEqualTo("https://ex.org/wp/a https://wp.staging.ex.org/core/b");
    }

    @Test
    void takesTheSameMappingTwiceAsOne() {
        // given
        Replacements twice = Replacements.NONE.with(HOME, NEW_HOME).with(HOME, NEW_HOME);
        Replacements.Tally tally = new Replacements.Tally();

        // when
        String replaced = twice.replace("https://ex.org/x", tally);

        // then
        assertThat(replaced).isEqualTo("https://staging.ex.org/x");
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 1L, "json", 0L));
    }

    @Test
    void keepsAUrlMappedToItselfAndShieldsItFromShorterOnes() {
        // given
        Replacements urls = Replacements.NONE.with(SITEURL, SITEURL).with(HOME, NEW_HOME);
        String text = "https://ex.org/wp/a https://ex.org/b";
        Replacements.Tally tally = new Replacements.Tally();

        // when
        String replaced = urls.replace(text, tally);

        // then
        assertThat(replaced).isEqualTo("https://ex.org/wp/a https://staging.ex.org/b");
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 1L, "json", 0L));
        assertThat(urls.changeSomething()).isTrue();
        assertThat(Replacements.NONE.with(HOME, HOME).changeSomething()).isFalse();
    }

    @Test
    void returnsTheSameInstanceWhenNothingChanges() {
        // given
        Replacements urls = Replacements.NONE.with(SITEURL, SITEURL).with(HOME, NEW_HOME);
        String text = "https://ex.org/wp/a and https://example.org";

        // when
        String replaced = urls.replace(text, new Replacements.Tally());

        // then
        assertThat(replaced).isSameAs(text);
        assertThat(urls.anyFoundIn(text)).isTrue();
        assertThat(urls.anyFoundIn("https://example.org https:\\/\\/ex.or")).isFalse();
    }

    @Test
    void hasOneFormOnlyForATextWithoutSlash() {
        // given
        Replacements hosts = Replacements.NONE.with("ex.org", "staging.ex.org");
        Replacements.Tally tally = new Replacements.Tally();

        // when
        String replaced = hosts.replace("https:\\/\\/ex.org\\/a", tally);

        // then
        assertThat(replaced).isEqualTo("https:\\/\\/staging.ex.org\\/a");
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 1L, "json", 0L));
    }

    @Test
    void refusesAUrlMappedToTwoDifferentUrls() {
        // given
        Replacements urls = Replacements.NONE.with(HOME, NEW_HOME);

        // then
        assertThatThrownBy(() -> urls.with(HOME, NEW_SITEURL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NEW_HOME).hasMessageContaining(NEW_SITEURL);
        assertThatThrownBy(() -> urls.with("https:\\/\\/ex.org", "https:\\/\\/other.org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> urls.with("", NEW_HOME)).isInstanceOf(IllegalArgumentException.class);
    }
}
