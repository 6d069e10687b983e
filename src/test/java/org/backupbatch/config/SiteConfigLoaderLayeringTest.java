package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigLoaderLayeringTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    @Test
    void builtInDefaultsFillEverythingTheSiteLeavesOut() {
        // given
        home.site("blog", TestHome.sshSite());

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.site()).isEqualTo(new SiteConfig.Site("blog", "shared-hosting", "custom", null, Transport.SSH));
        assertThat(config.ssh().port()).isEqualTo(22);
        assertThat(config.ssh().knownHosts()).isEqualTo(home.userHome.resolve(".ssh/known_hosts"));
        assertThat(config.ssh().connectTimeoutSeconds()).isEqualTo(30);
        assertThat(config.ssh().keepaliveSeconds()).isEqualTo(15);
        assertThat(config.ssh().keepaliveCountMax()).isEqualTo(4);
        assertThat(config.ssh().commandTimeoutSeconds()).isEqualTo(21600);
        assertThat(config.ssh().publicKeyPath()).isNull();
        assertThat(config.files()).isEqualTo(new SiteConfig.Files("/home/blog/www", java.util.List.of(), java.util.List.of()));
        assertThat(config.database()).isNull();
        assertThat(config.backup()).isEqualTo(new SiteConfig.Backup(home.home.resolve("backups"), "auto", 6, 30, 2, 10));
        assertThat(config.sourceFile()).isEqualTo(home.home.resolve("jobs/blog.yaml"));
    }

    @Test
    void layersApplyInOrderDefaultsProviderAppSite() {
        // given
        home.write("providers/acme.yaml", """
                ssh: {port: 2222, connect_timeout_seconds: 10, keepalive_seconds: 5}
                backup: {retention_days: 7}
                """);
        home.write("providers/apps/shop.yaml", """
                ssh: {connect_timeout_seconds: 20}
                backup: {retention_days: 14, compression_level: 9}
                """);
        home.site("blog", TestHome.sshSite() + """
                site: {provider: acme, app_type: shop}
                backup: {retention_days: 60}
                """);

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.ssh().port()).as("provider over defaults").isEqualTo(2222);
        assertThat(config.ssh().keepaliveSeconds()).as("provider over defaults").isEqualTo(5);
        assertThat(config.ssh().connectTimeoutSeconds()).as("app over provider").isEqualTo(20);
        assertThat(config.backup().compressionLevel()).as("app over defaults").isEqualTo(9);
        assertThat(config.backup().retentionDays()).as("site over app").isEqualTo(60);
        assertThat(config.ssh().host()).as("site, merged with the rest of the section").isEqualTo("ssh.example.net");
    }

    @Test
    void homeTemplatesReplaceTheBuiltInOnesOfTheSameName() {
        // given
        home.write("providers/shared-hosting.yaml", "ssh: {port: 2022}\n");
        home.write("providers/apps/wordpress.yaml", "files: {exclude_patterns: [\"only-this/**\"]}\n");
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.ssh().port()).isEqualTo(2022);
        assertThat(config.files().excludePatterns()).containsExactly("only-this/**");
        assertThat(config.database()).as("the home wordpress template declares no database").isNull();
    }

    @Test
    void aListFromALaterLayerReplacesTheEarlierListWhole() {
        // given
        home.site("blog", TestHome.sshSite().replace("  remote_path: /home/blog/www\n", """
                  remote_path: /home/blog/www
                  exclude_patterns: ["private/**"]
                """) + "site: {app_type: wordpress}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.files().excludePatterns()).containsExactly("private/**");
    }

    @Test
    void anEmptyValueLeavesTheEarlierLayersValue() {
        // given
        home.site("blog", TestHome.sshSite() + """
                backup:
                  retention_days:
                  compression_level: ~
                """);

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.backup().retentionDays()).isEqualTo(30);
        assertThat(config.backup().compressionLevel()).isEqualTo(6);
    }

    @Test
    void wordpressTemplateExcludesCachesAndDeclaresTheDatabase() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.files().includePatterns()).isEmpty();
        assertThat(config.files().excludePatterns())
                .contains("wp-content/cache/**", "wp-content/upgrade/**", "wp-content/updraft/**", "*.log");
        assertThat(config.database()).isEqualTo(new SiteConfig.Database("localhost", 3306, null, null, null, null,
                SiteConfig.Tables.PREFIX, null, java.util.Set.of()));
    }

    @Test
    void otherSitesBackUpTheWholeDatabase() {
        // given
        home.site("app", TestHome.sshSite() + "database: {name: app, user: app}\n");

        // when
        SiteConfig config = home.loader().load("app");

        // then
        assertThat(config.database().tables()).isEqualTo(SiteConfig.Tables.ALL);
        assertThat(config.database().tablePrefix()).isNull();
    }

    @Test
    void aTablePrefixInTheSiteFileIsExplicit() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\ndatabase: {table_prefix: wp2_}\n");
        home.site("app", TestHome.sshSite() + "database: {name: app, user: app, tables: prefix, table_prefix: app_}\n");

        // when
        SiteConfig.Database blog = home.loader().load("blog").database();
        SiteConfig.Database app = home.loader().load("app").database();

        // then
        assertThat(blog.tables()).isEqualTo(SiteConfig.Tables.PREFIX);
        assertThat(blog.tablePrefix()).isEqualTo("wp2_");
        assertThat(blog.explicitKeys()).containsExactly("table_prefix");
        assertThat(app.tables()).isEqualTo(SiteConfig.Tables.PREFIX);
        assertThat(app.tablePrefix()).isEqualTo("app_");
    }

    @Test
    void aWordpressSiteMayTakeTheWholeDatabase() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\ndatabase: {tables: all}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.database().tables()).isEqualTo(SiteConfig.Tables.ALL);
    }

    @Test
    void databaseIsOffWhenTheSiteSaysEnabledFalse() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\ndatabase: {enabled: false}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.database()).isNull();
    }

    @Test
    void databaseSectionOfTheSiteGivesADatabaseRememberingItsExplicitKeys() {
        // given
        home.site("blog", TestHome.sshSite() + """
                database:
                  name: blog_db
                  user: blog_user
                  password: "s3cret"
                  port: 3307
                """);

        // when
        SiteConfig.Database database = home.loader().load("blog").database();

        // then
        assertThat(database.host()).isEqualTo("localhost");
        assertThat(database.port()).isEqualTo(3307);
        assertThat(database.name()).isEqualTo("blog_db");
        assertThat(database.user()).isEqualTo("blog_user");
        assertThat(database.password().reveal()).isEqualTo("s3cret");
        assertThat(database.explicitKeys()).containsExactlyInAnyOrder("name", "user", "password", "port");
    }

    @Test
    void localTransportNeedsNoSshSectionAndResolvesTheFolderAgainstHome() {
        // given
        home.site("demo", """
                site: {transport: local}
                files: {remote_path: demo-site}
                """);

        // when
        SiteConfig config = home.loader().load("demo");

        // then
        assertThat(config.site().transport()).isEqualTo(Transport.LOCAL);
        assertThat(config.ssh()).isNull();
        assertThat(config.files().remotePath()).isEqualTo(home.home.resolve("demo-site").toString());
    }

    @Test
    void pathsExpandTildeAndResolveRelativeOnesAgainstHome() {
        // given
        home.writeUser(".ssh/id_rsa", "key\n");
        home.site("blog", """
                ssh:
                  host: h
                  user: u
                  private_key_path: ~/.ssh/id_rsa
                  public_key_path: keys/id_rsa.pub
                  known_hosts: %s
                files: {remote_path: www}
                backup: {destination: ../archives}
                """.formatted(home.home.resolve("keys/known_hosts")));

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.ssh().privateKeyPath()).isEqualTo(home.userHome.resolve(".ssh/id_rsa"));
        assertThat(config.ssh().publicKeyPath()).isEqualTo(home.home.resolve("keys/id_rsa.pub"));
        assertThat(config.ssh().knownHosts()).isEqualTo(home.home.resolve("keys/known_hosts"));
        assertThat(config.files().remotePath()).as("remote paths are kept as written").isEqualTo("www");
        assertThat(config.backup().destination()).isEqualTo(root.resolve("archives"));
    }

    @Test
    void siteNameDefaultsToTheFileNameAndMayRepeatIt() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {name: blog, url: \"https://blog.example.org\"}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.site().name()).isEqualTo("blog");
        assertThat(config.site().url()).isEqualTo("https://blog.example.org");
    }

    @Test
    void siteNamesListsTheSiteFilesSorted() {
        // given
        home.site("zeta", "").site("blog", "").site("demo.v2", "").write("jobs/notes.txt", "").write("jobs/old.yml", "");

        // when
        java.util.List<String> names = home.loader().siteNames();

        // then
        assertThat(names).containsExactly("blog", "demo.v2", "zeta");
    }

    @Test
    void effectiveTreeShowsTheMergedLayersWithPasswordMaskedAndPlaceholdersAsWritten() {
        // given
        home.site("blog", TestHome.sshSite() + """
                site: {app_type: wordpress}
                database: {password: "${DB_PASSWORD}", user: "${DB_USER}"}
                """);

        // when
        JsonNode tree = home.loader(Map.of("DB_PASSWORD", "hunter2")).effectiveTree("blog");

        // then
        assertThat(tree.at("/site/name").asText()).isEqualTo("blog");
        assertThat(tree.at("/site/provider").asText()).isEqualTo("shared-hosting");
        assertThat(tree.at("/ssh/port").asInt()).isEqualTo(22);
        assertThat(tree.at("/database/password").asText()).isEqualTo("******");
        assertThat(tree.at("/database/user").asText()).isEqualTo("${DB_USER}");
        assertThat(tree.at("/files/exclude_patterns").size()).isGreaterThan(3);
        assertThat(tree.toString()).doesNotContain("hunter2");
    }
}
