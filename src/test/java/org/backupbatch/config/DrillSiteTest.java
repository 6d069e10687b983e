package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillSiteTest {

    private static final String RUN = "20261130T210000Z";

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    @Test
    void theDrillServerIsTheLocalOneAsRootByDefault() {
        // given
        home.site("blog", TestHome.sshSite());
        // when
        SiteConfig.Drill drill = home.loader().load("blog").drill();
        // then
        assertThat(drill).isEqualTo(SiteConfig.Drill.LOCAL);
        assertThat(drill).isEqualTo(new SiteConfig.Drill("127.0.0.1", 3306, null, "root", null));
    }

    @Test
    void aProviderTemplateOrTheSiteFileNamesTheDrillServerItsPasswordKeptSecret() {
        // given
        home.write("providers/acme.yaml", "drill: {database: {host: db.internal, port: 3307, user: driller}}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\n"
                + "drill: {database: {password: \"${DRILL_PW}\", socket: /run/mysqld/mysqld.sock}}\n");
        // when
        SiteConfig.Drill drill = new SiteConfigLoader(home.home, Map.of("DRILL_PW", "s3cret-drill"), home.userHome)
                .load("blog").drill();
        // then
        assertThat(drill.host()).isEqualTo("db.internal");
        assertThat(drill.port()).isEqualTo(3307);
        assertThat(drill.user()).isEqualTo("driller");
        assertThat(drill.socket()).isEqualTo("/run/mysqld/mysqld.sock");
        assertThat(drill.password().reveal()).isEqualTo("s3cret-drill");
        assertThat(drill.toString()).doesNotContain("s3cret-drill");
    }

    @Test
    void aMisspeltDrillKeyIsAnErrorNamingTheFileAndTheKey() {
        // given
        home.site("blog", TestHome.sshSite() + "drill: {database: {hots: x}}\n");
        // when / then
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("jobs/blog.yaml").hasMessageContaining("drill.database.hots")
                .hasMessageContaining("did you mean host?");
    }

    @Test
    void theSyntheticNameIsNoSiteNameAndGivesTheDrillBack() {
        // given
        DrillSite drill = new DrillSite("blog.example-1", RUN);
        // then
        assertThat(drill.name()).isEqualTo(".drill-blog.example-1-" + RUN);
        assertThat(Names.isValid(drill.name())).as("a name no real site can have").isFalse();
        assertThat(DrillSite.parse(drill.name())).contains(drill);
        assertThat(DrillSite.parse("blog")).isEmpty();
        assertThat(DrillSite.parse(".drill-../x-" + RUN)).as("not a site name inside").isEmpty();
    }

    @Test
    void theScratchDatabaseIsSafeWithin64CharactersAndNeverAnotherSitesOrHomesOwn() {
        // given
        String longName = "A".repeat(40) + ".b-c";
        SiteConfig config = config(root.resolve("one"));
        // when
        String name = new DrillSite(longName, RUN).databaseName(config);
        // then
        assertThat(name).hasSizeLessThanOrEqualTo(64).matches("bb_drill_[a-z0-9_]+_[0-9a-f]{6}_20261130t210000z")
                .startsWith("bb_drill_aaaa");
        assertThat(new DrillSite("a.b", RUN).databaseName(config))
                .as("two sites that read the same").isNotEqualTo(new DrillSite("a-b", RUN).databaseName(config));
        assertThat(new DrillSite("blog", RUN).databaseName(config)).as("one site of two home folders")
                .isNotEqualTo(new DrillSite("blog", RUN).databaseName(config(root.resolve("two"))));
    }

    @Test
    void aDrillSweepsOnlyItsOwnSitesOtherRuns() {
        // given
        SiteConfig config = config(root);
        DrillSite drill = new DrillSite("blog", RUN);
        String other = new DrillSite("blog", "20261129T210000Z").databaseName(config);
        // then
        assertThat(drill.isOtherDatabase(other, config)).isTrue();
        assertThat(drill.isOtherDatabase(drill.databaseName(config), config)).as("its own").isFalse();
        assertThat(drill.isOtherDatabase(new DrillSite("blog_a", "20261129T210000Z").databaseName(config), config))
                .as("another site's").isFalse();
        assertThat(drill.isOtherDatabase("bb_drill_blog_live", config)).isFalse();
        assertThat(drill.isOtherPlace(".drill-blog-20261129T210000Z")).isTrue();
        assertThat(drill.isOtherPlace(drill.name())).isFalse();
        assertThat(drill.isOtherPlace(".drill-blog-a-20261129T210000Z")).as("site blog-a's").isFalse();
        assertThat(drill.isOtherPlace("blog")).isFalse();
    }

    @Test
    void theDrillsSiteIsLocalInItsScratchFolderOnTheDrillServerWithNoUrlOfItsOwn() {
        // given
        SiteConfig source = config(root);
        DrillSite drill = new DrillSite("blog", RUN);
        // when
        SiteConfig target = drill.config(source);
        // then
        assertThat(target.site()).isEqualTo(new SiteConfig.Site(drill.name(), "shared-hosting", "wordpress", null,
                Transport.LOCAL));
        assertThat(target.ssh()).isNull();
        assertThat(target.files().remotePath()).isEqualTo(root.resolve("backups").resolve(drill.name())
                .resolve("files").toString());
        assertThat(target.database().identity()).isEqualTo("root@127.0.0.1:3306/" + drill.databaseName(source));
        assertThat(target.database().explicitKeys()).contains("name", "user", "password");
        assertThat(target.backup().destination()).isEqualTo(source.backup().destination());
        assertThat(target.backup().encryption()).isNull();
    }

    private static SiteConfig config(Path home) {
        return new SiteConfig(new SiteConfig.Site("blog", "shared-hosting", "wordpress", "https://blog.example.test",
                Transport.SSH), null, new SiteConfig.Files("/home/blog/www", java.util.List.of(), java.util.List.of()),
                null, new SiteConfig.Backup(home.resolve("backups"), "gzip", 6, 30, 2, 10), home.resolve("jobs/blog.yaml"));
    }
}
