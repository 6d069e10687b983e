package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.backupbatch.config.SiteConfig.Database;
import org.junit.jupiter.api.Test;

class SiteConfigTest {

    @Test
    void secretMasksItselfButRevealsAndComparesItsValue() {
        // given
        Secret secret = Secret.of("hunter2");

        // then
        assertThat(secret).hasToString("******");
        assertThat(secret.reveal()).isEqualTo("hunter2");
        assertThat(secret).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("other"));
        assertThat(secret.hashCode()).isEqualTo(Secret.of("hunter2").hashCode());
    }

    @Test
    void siteConfigToStringNeverShowsThePassword() {
        // given
        SiteConfig config = new SiteConfig(
                new SiteConfig.Site("blog", "shared-hosting", "wordpress", null, Transport.SSH),
                null,
                new SiteConfig.Files("/www", List.of(), List.of()),
                new Database("localhost", 3306, null, "db", "user", Secret.of("hunter2")),
                new SiteConfig.Backup(Path.of("/backups"), "gzip", 6, 30, 2, 10),
                Path.of("/home/jobs/blog.yaml"));

        // when
        String shown = config.toString();

        // then
        assertThat(shown).doesNotContain("hunter2").contains("password=******");
    }

    @Test
    void discoveredSettingsReplaceDefaultsButNotWhatTheSiteFileSets() {
        // given
        Database configured = new Database("localhost", 3306, "/tmp/template.sock", "site_db", null, null, Set.of("name"));
        WpDatabaseSettings wp = new WpDatabaseSettings("wp_db", "wp_user", Secret.of("wp_pw"), "db.example.net", 3307, null);

        // when
        Database merged = Database.withDiscovered(configured, wp);

        // then
        assertThat(merged).isEqualTo(new Database("db.example.net", 3307, null, "site_db", "wp_user", Secret.of("wp_pw"),
                Set.of("name")));
    }

    @Test
    void hostSetByTheSiteFileKeepsItsOwnSocketRatherThanWpConfigs() {
        // given
        Database configured = new Database("db.example.net", 3306, null, null, null, null, Set.of("host"));
        WpDatabaseSettings wp = new WpDatabaseSettings("n", "u", Secret.of("p"), "localhost", 3307, "/tmp/mysql.sock");

        // when
        Database merged = Database.withDiscovered(configured, wp);

        // then
        assertThat(merged.host()).isEqualTo("db.example.net");
        assertThat(merged.port()).isEqualTo(3307);
        assertThat(merged.socket()).isNull();
    }

    @Test
    void discoveredPortAbsentKeepsTheConfiguredOne() {
        // given
        Database configured = new Database("localhost", 3306, null, null, null, null, Set.of());
        WpDatabaseSettings wp = new WpDatabaseSettings("wp_db", "wp_user", Secret.of("wp_pw"), "localhost", null, "/run/mysqld.sock");

        // when
        Database merged = Database.withDiscovered(configured, wp);

        // then
        assertThat(merged.port()).isEqualTo(3306);
        assertThat(merged.socket()).isEqualTo("/run/mysqld.sock");
    }

    @Test
    void withoutConfiguredDatabaseEverythingComesFromWpConfig() {
        // given
        WpDatabaseSettings wp = new WpDatabaseSettings("wp_db", "wp_user", Secret.of("wp_pw"), "localhost", null, null);

        // when
        Database merged = Database.withDiscovered(null, wp);

        // then
        assertThat(merged).isEqualTo(new Database("localhost", 3306, null, "wp_db", "wp_user", Secret.of("wp_pw"), Set.of()));
    }
}
