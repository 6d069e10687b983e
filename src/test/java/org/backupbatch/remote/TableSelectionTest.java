package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.Transport;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;

class TableSelectionTest {

    private static final List<String> SHARED = List.of("wp_posts", "wp2_options", "wp_options", "wpXoptions",
            "wp_2_options", "WP_users", "wp2_posts", "wp_bb_published_posts");

    @Test
    void thePrefixIsMatchedExactlyWithoutWildcards() {
        // when
        TableSelection.Split split = TableSelection.prefix("wp_").split(SHARED);

        // then: _ is no wildcard (wp2_, wpX), case counts; a multisite's wp_2_ is the same install
        assertThat(split.taken()).containsExactly("wp_2_options", "wp_bb_published_posts", "wp_options", "wp_posts");
        assertThat(split.leftOut()).containsExactly("WP_users", "wp2_options", "wp2_posts", "wpXoptions");
    }

    @Test
    void anotherPrefixTakesItsOwnTables() {
        // when
        TableSelection.Split split = TableSelection.prefix("wp2_").split(SHARED);

        // then
        assertThat(split.taken()).containsExactly("wp2_options", "wp2_posts");
    }

    @Test
    void extraTablesAreTakenAndThoseMissingAreNot() {
        // when
        TableSelection.Split split = TableSelection.prefix("wp2_").plus(List.of("wp_options", "gone")).split(SHARED);

        // then
        assertThat(split.taken()).containsExactly("wp2_options", "wp2_posts", "wp_options");
        assertThat(split.leftOut()).doesNotContain("wp_options", "gone").contains("wp_posts");
    }

    @Test
    void allTakesEverything() {
        // when
        TableSelection.Split split = TableSelection.ALL.split(SHARED);

        // then
        assertThat(TableSelection.ALL.takesAll()).isTrue();
        assertThat(split.taken()).hasSize(SHARED.size());
        assertThat(split.leftOut()).isEmpty();
    }

    @Test
    void aSiteFollowsItsDatabaseTablesSetting() {
        // given
        SiteConfig.Database all = database(SiteConfig.Tables.ALL, "wp_");
        SiteConfig.Database prefix = database(SiteConfig.Tables.PREFIX, "wp2_");

        // then
        assertThat(TableSelection.of(site(all), all)).isEqualTo(TableSelection.ALL);
        assertThat(TableSelection.of(site(prefix), prefix)).isEqualTo(TableSelection.prefix("wp2_"));
    }

    @Test
    void anUnknownPrefixIsAConfigurationErrorNamingTheSiteFile() {
        // given
        SiteConfig.Database db = database(SiteConfig.Tables.PREFIX, null);

        // then
        assertThatThrownBy(() -> TableSelection.of(site(db), db))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("/home/jobs/blog.yaml: database.table_prefix: the table prefix of site blog is unknown "
                        + "(no wp-config.php in /www); set database.table_prefix, or database.tables: all");
    }

    private static SiteConfig.Database database(SiteConfig.Tables tables, String prefix) {
        return new SiteConfig.Database("localhost", 3306, null, "db", "user", Secret.of("pw"), tables, prefix,
                Set.of());
    }

    private static SiteConfig site(SiteConfig.Database db) {
        return new SiteConfig(new SiteConfig.Site("blog", "shared-hosting", "wordpress", null, Transport.SSH), null,
                new SiteConfig.Files("/www", List.of(), List.of()), db,
                new SiteConfig.Backup(Path.of("/backups"), "gzip", 6, 30, 2, 10), Path.of("/home/jobs/blog.yaml"));
    }
}
