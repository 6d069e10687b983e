package org.backupbatch.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;

class WpConfigPlanTest {

    private static final String CONFIG = """
            <?php
            define( 'DB_NAME', 'prod_db' );
            define( 'DB_USER', 'prod_user' );
            define( 'DB_PASSWORD', 'prod\\'pw' );
            define( 'DB_HOST', 'localhost' );
            // define( 'WP_SITEURL', 'https://ex.org/old' );
            define( 'WP_HOME', 'https://' . $_SERVER['HTTP_HOST'] );
            define( 'WP_SITEURL', 'https://ex.org/wp' );
            $table_prefix = 'wp_';
            """;

    private final SiteConfig.Database staging = new SiteConfig.Database("db.internal", 3307, null, "stg_db", "stg_user",
            Secret.of("s'ecr\\et"), Set.of());

    @Test
    void pointsTheCredentialsAndLiteralUrlsAtTheTargetAndWarnsForAComputedOne() {
        // given
        UrlPlan urls = new UrlPlan("https://ex.org", "https://ex.org/wp", "https://stg.ex.org", "https://stg.ex.org/wp");
        // when
        WpConfigPlan plan = WpConfigPlan.of(entry(CONFIG), staging, urls, "wp-config.php of backup X");
        // then
        String out = new String(plan.content(), StandardCharsets.ISO_8859_1);
        assertThat(out).contains("define( 'DB_NAME', 'stg_db' );", "define( 'DB_USER', 'stg_user' );",
                "define( 'DB_PASSWORD', 's\\'ecr\\\\et' );", "define( 'DB_HOST', 'db.internal:3307' );",
                "define( 'WP_SITEURL', 'https://stg.ex.org/wp' );",
                "define( 'WP_HOME', 'https://' . $_SERVER['HTTP_HOST'] );",
                "// define( 'WP_SITEURL', 'https://ex.org/old' );");
        assertThat(plan.changed()).containsExactly("DB_NAME", "DB_USER", "DB_PASSWORD", "DB_HOST", "WP_SITEURL");
        assertThat(plan.warnings()).singleElement().asString().contains("WP_HOME is computed by PHP");
        assertThat(plan.mode()).isEqualTo(0640);
        assertThat(plan.mtime()).isEqualTo(1_700_000_000L);
    }

    @Test
    void aComputedDatabaseNameStopsThePlan() {
        String computed = CONFIG.replace("'prod_db'", "getenv('DB')");
        assertThatThrownBy(() -> WpConfigPlan.of(entry(computed), staging, new UrlPlan(null, null, null, null), "X"))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("DB_NAME is computed by PHP")
                .hasMessageContaining("nothing was changed");
    }

    @Test
    void keepingTheBackupsCredentialsChangesNoByteWhenNoUrlMoves() {
        WpConfigPlan plan = WpConfigPlan.of(entry(CONFIG), null, new UrlPlan("a", "a", "a", "a"), "X");
        assertThat(new String(plan.content(), StandardCharsets.ISO_8859_1)).isEqualTo(CONFIG);
        assertThat(plan.changed()).isEmpty();
    }

    private static ArchiveParts.Entry entry(String text) {
        return new ArchiveParts.Entry(text.getBytes(StandardCharsets.ISO_8859_1), 0640, 1_700_000_000L);
    }
}
