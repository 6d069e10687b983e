package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteConfig.Tables;
import org.backupbatch.config.Transport;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.ssh.LocalShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completing a WordPress site's database from a real wp-config.php read with the real {@code sh}. */
class DatabaseSettingsTest {

    private static final String WP_CONFIG = "<?php\ndefine('DB_NAME', 'wp_db'); define('DB_USER', 'wp_user');\n"
            + "define('DB_PASSWORD', 'wp_pw');\n$table_prefix = 'wp2_';\n";

    @TempDir
    Path tmp;

    /** The site folder, in a folder of its own: wp-config.php is also looked for one level up. */
    private Path site;

    private final LocalShell shell = new LocalShell();

    @BeforeEach
    void createSite() throws Exception {
        site = Files.createDirectory(tmp.resolve("www"));
    }

    @AfterEach
    void close() {
        shell.close();
    }

    @Test
    void credentialsAndPrefixComeFromWpConfig() throws Exception {
        // given
        Files.writeString(site.resolve("wp-config.php"), WP_CONFIG);
        SiteConfig.Database db = new SiteConfig.Database("localhost", 3306, null, null, null, null, Tables.PREFIX, null,
                Set.of());

        // when
        SiteConfig.Database resolved = DatabaseSettings.resolve(config("wordpress", db), shell);

        // then
        assertThat(resolved.name()).isEqualTo("wp_db");
        assertThat(resolved.tablePrefix()).isEqualTo("wp2_");
    }

    @Test
    void aSiteFileWithEveryCredentialStillGetsThePrefix() throws Exception {
        // given
        Files.writeString(site.resolve("wp-config.php"), WP_CONFIG);
        SiteConfig.Database db = explicitCredentials(Tables.PREFIX);

        // when
        SiteConfig.Database resolved = DatabaseSettings.resolve(config("wordpress", db), shell);

        // then
        assertThat(resolved).isEqualTo(db.withTablePrefix("wp2_"));
    }

    @Test
    void aSiteFileWithEveryCredentialNeedsNoWpConfigYet() throws Exception {
        // given: an empty restore target
        SiteConfig.Database db = explicitCredentials(Tables.PREFIX);

        // when
        SiteConfig.Database resolved = DatabaseSettings.resolve(config("wordpress", db), shell);

        // then
        assertThat(resolved).isEqualTo(db);
    }

    @Test
    void withoutCredentialsAMissingWpConfigIsAnError() {
        // given
        SiteConfig.Database db = new SiteConfig.Database("localhost", 3306, null, null, null, null, Set.of());

        // then
        assertThatThrownBy(() -> DatabaseSettings.resolve(config("wordpress", db), shell))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("no wp-config.php in " + site);
    }

    @Test
    void aWordpressSiteWithoutDatabaseDumpsNone() throws Exception {
        // given: database.enabled: false
        Files.writeString(site.resolve("wp-config.php"), WP_CONFIG);

        // then
        assertThat(DatabaseSettings.resolve(config("wordpress", null), shell)).isNull();
    }

    @Test
    void otherSitesAreTakenAsConfigured() throws Exception {
        // given
        Files.writeString(site.resolve("wp-config.php"), WP_CONFIG);
        SiteConfig.Database db = explicitCredentials(Tables.ALL);

        // then
        assertThat(DatabaseSettings.resolve(config("custom", db), shell)).isSameAs(db);
    }

    private static SiteConfig.Database explicitCredentials(Tables tables) {
        return new SiteConfig.Database("localhost", 3306, null, "site_db", "site_user", Secret.of("pw"), tables, null,
                Set.of("name", "user", "password"));
    }

    private SiteConfig config(String appType, SiteConfig.Database db) {
        return new SiteConfig(new SiteConfig.Site("blog", "shared-hosting", appType, null, Transport.LOCAL), null,
                new SiteConfig.Files(site.toString(), List.of(), List.of()), db,
                new SiteConfig.Backup(Path.of("/backups"), "gzip", 6, 30, 2, 10), Path.of("/home/jobs/blog.yaml"));
    }
}
