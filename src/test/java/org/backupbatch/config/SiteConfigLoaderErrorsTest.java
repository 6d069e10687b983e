package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigLoaderErrorsTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(String site) {
        return assertThatThrownBy(() -> home.loader().load(site))
                .isInstanceOf(ConfigurationError.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void unknownSiteListsTheAvailableSites() {
        // given
        home.site("blog", TestHome.sshSite()).site("demo", TestHome.sshSite());

        // then
        assertLoadFails("blgo").hasMessage("unknown site 'blgo' (no file jobs/blgo.yaml); sites in "
                + home.home.resolve("jobs") + ": blog, demo; did you mean blog?");
    }

    @Test
    void unknownSiteWithAYmlFileSaysToRenameIt() {
        // given
        home.write("jobs/blog.yml", TestHome.sshSite());

        // then
        assertLoadFails("blog").hasMessageStartingWith("unknown site 'blog' (no file jobs/blog.yaml; rename jobs/blog.yml to .yaml); no sites in");
    }

    @Test
    void siteNameWithPathCharactersIsRefused() {
        assertLoadFails("../etc/passwd").hasMessageStartingWith("invalid site name \"../etc/passwd\": use 1 to 64");
        assertLoadFails(".hidden").hasMessageStartingWith("invalid site name \".hidden\"");
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn() {
        // given
        home.site("blog", "ssh:\n  host: a\n bad: [\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: line 3, column 2: invalid YAML: ")
                .hasMessageContaining("expected <block end>");
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        // given
        home.site("blog", TestHome.sshSite() + "files: {remote_path: /other}\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: line ").hasMessageContaining("Duplicate field 'files'");
    }

    @Test
    void secondYamlDocumentIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "---\nfiles: {}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: holds more than one YAML document (a second '---'); keep one");
    }

    @Test
    void unknownKeyNamesFileFieldKnownKeysAndSuggestion() {
        // given
        home.site("blog", TestHome.sshSite().replace("files:\n", "files:\n  exclude_patern: [\"cache/**\"]\n"));

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: files.exclude_patern: unknown key; known keys here: "
                + "remote_path, include_patterns, exclude_patterns; did you mean exclude_patterns?");
    }

    @Test
    void unknownSectionIsReportedWithoutSuggestionWhenNothingIsClose() {
        // given
        home.site("blog", TestHome.sshSite() + "encryption: {key: x}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: encryption: unknown key; known keys here: "
                + "site, ssh, files, database, backup, drill, notify, copies");
    }

    @Test
    void unknownKeyInAProviderNamesTheProviderFile() {
        // given
        home.write("providers/acme.yaml", "ssh:\n  prot: 2222\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("providers/acme.yaml: ssh.prot: unknown key; known keys here: host, port,")
                .hasMessageEndingWith("; did you mean port?");
    }

    @Test
    void templateMayNotNameTheSite() {
        // given
        home.write("providers/apps/shop.yaml", "site: {name: shop}\n");
        home.site("blog", TestHome.sshSite() + "site: {app_type: shop}\n");

        // then
        assertLoadFails("blog").hasMessage("providers/apps/shop.yaml: site.name: only a site file (jobs/<site>.yaml) may set this key");
    }

    @Test
    void sectionThatIsNotAMappingIsRefused() {
        // given
        home.site("blog", "ssh: ssh.example.net\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: ssh: expected a mapping of keys (host, port,")
                .hasMessageEndingWith("got \"ssh.example.net\"");
    }

    @Test
    void siteNamesAreAtMost64Characters() {
        // given
        String longest = "a".repeat(64);
        home.site(longest, TestHome.sshSite());

        // then
        assertThat(home.loader().load(longest).site().name()).isEqualTo(longest);
        assertLoadFails("a".repeat(65)).hasMessageStartingWith("invalid site name \"aaaa");
        assertLoadFails("").hasMessageStartingWith("invalid site name \"\"");
        assertLoadFails("caf\u00e9").hasMessageStartingWith("invalid site name \"caf\u00e9\"");
    }

    @Test
    void siteNameWithPathCharactersInTheSiteFileIsRefusedAsAName() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {name: ../blog}\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: site.name: \"../blog\" is not a valid name: use 1 to 64");
    }

    @Test
    void siteNameDifferentFromTheFileNameIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {name: blog2}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: site.name: 'blog2' differs from the file name; write 'blog' or leave site.name out");
    }

    @Test
    void wrongTypeForAnIntegerShowsTheValue() {
        // given
        home.site("blog", TestHome.sshSite().replace("ssh:\n", "ssh:\n  port: twenty-two\n"));

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: ssh.port: expected an integer, got \"twenty-two\"");
    }

    @Test
    void wrongTypeInAProviderNamesTheProviderFile() {
        // given
        home.write("providers/acme.yaml", "backup: {retention_days: [1]}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\n");

        // then
        assertLoadFails("blog").hasMessage("providers/acme.yaml: backup.retention_days: expected an integer, got a list");
    }

    @Test
    void patternsMustBeAListOfStrings() {
        // given
        home.site("blog", TestHome.sshSite().replace("files:\n", "files:\n  exclude_patterns: \"cache/**\"\n"));

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: files.exclude_patterns: expected a list of strings, got \"cache/**\"");
    }

    @Test
    void patternListItemsMustBeStrings() {
        // given
        home.site("blog", TestHome.sshSite().replace("files:\n", "files:\n  include_patterns: [\"a\", {b: c}]\n"));

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: files.include_patterns[1]: expected a non-empty string, got a mapping");
    }

    @Test
    void numberWhereAStringIsExpectedIsRefusedWithAQuotingHint() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: blog, user: 1234}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: database.user: expected a string, got 1234 "
                + "(put the value in quotes to make it a string)");
    }

    @Test
    void passwordOfTheWrongTypeIsNotShown() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: blog, user: blog, password: 012345}\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: database.password: expected a string, got a number")
                .hasMessageNotContaining("12345").hasMessageNotContaining("5349");
    }

    @Test
    void booleanOfTheWrongTypeIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\ndatabase: {enabled: maybe}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: database.enabled: expected true or false, got \"maybe\"");
    }

    @Test
    void fileThatIsNotAMappingIsRefused() {
        // given
        home.site("blog", "- ssh\n- files\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: expected a mapping of sections "
                + "(site, ssh, files, database, backup, drill, notify), got a list");
    }

    @Test
    void tildeOfAnotherUserIsNotExpanded() {
        // given
        home.site("blog", TestHome.sshSite() + "backup: {destination: ~bob/backups}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: backup.destination: '~bob/backups': only ~ and ~/ are expanded; "
                + "write the full path");
    }

    @Test
    void missingSshHostIsRequiredWithTheSshTransport() {
        // given
        home.site("blog", TestHome.sshSite().replace("  host: ssh.example.net\n", ""));

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: ssh.host: required when site.transport is ssh but not set");
    }

    @Test
    void missingRemotePathIsRequired() {
        // given
        home.site("demo", "site: {transport: local}\n");

        // then
        assertLoadFails("demo").hasMessage("jobs/demo.yaml: files.remote_path: required but not set");
    }

    @Test
    void missingDatabaseNameIsRequiredOutsideWordpress() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {user: blog}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: database.name: required when the site has a database "
                + "(or set database.enabled: false) but not set");
    }

    @Test
    void unknownTablesValueIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\ndatabase: {tables: mine}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: database.tables: expected prefix or all, got \"mine\"");
    }

    @Test
    void tablesByPrefixOutsideWordpressNeedAnExplicitPrefix() {
        // given
        home.site("app", TestHome.sshSite() + "database: {name: app, user: app, tables: prefix}\n");

        // then
        assertLoadFails("app").hasMessage("jobs/app.yaml: database.tables: prefix needs database.table_prefix (only "
                + "a WordPress site, app_type wordpress, reads its prefix from wp-config.php); set it, or write all");
    }

    @Test
    void emptyTablePrefixIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\ndatabase: {table_prefix: ''}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: database.table_prefix: empty: every table would match; "
                + "write database.tables: all to take the whole database");
    }

    @Test
    void privateKeyThatDoesNotExistIsReportedWithItsFullPath() {
        // given
        home.site("blog", TestHome.sshSite().replace("keys/id_ed25519", "keys/missing"));

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: ssh.private_key_path: " + home.home.resolve("keys/missing") + " does not exist");
    }

    @Test
    void missingDefaultKnownHostsIsBlamedOnTheDefaults() throws Exception {
        // given
        java.nio.file.Files.delete(home.userHome.resolve(".ssh/known_hosts"));
        home.site("blog", TestHome.sshSite());

        // then
        assertLoadFails("blog").hasMessageStartingWith("classpath:backup-batch/defaults.yaml: ssh.known_hosts: "
                + home.userHome.resolve(".ssh/known_hosts") + " does not exist; ");
    }

    @Test
    void outOfRangeValuesAreRefused() {
        home.site("a", TestHome.sshSite().replace("ssh:\n", "ssh:\n  port: 70000\n"));
        home.site("b", TestHome.sshSite() + "backup: {compression_level: 0}\n");
        home.site("c", TestHome.sshSite() + "backup: {retention_days: -1}\n");

        assertLoadFails("a").hasMessage("jobs/a.yaml: ssh.port: 70000 is out of range; expected an integer between 1 and 65535");
        assertLoadFails("b").hasMessage("jobs/b.yaml: backup.compression_level: 0 is out of range; expected an integer between 1 and 9");
        assertLoadFails("c").hasMessage("jobs/c.yaml: backup.retention_days: -1 is out of range; expected an integer at least 0");
    }

    @Test
    void compressionOtherThanGzipIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "backup: {compression: zstd}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: backup.compression: \"zstd\" is not supported; use auto, gzip or pigz");
    }

    @Test
    void unknownTransportIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {transport: ftp}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: site.transport: expected ssh or local, got \"ftp\"");
    }

    @Test
    void unknownProviderListsTheAvailableOnes() {
        // given
        home.write("providers/acme-host.yaml", "ssh: {port: 22}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme-hots}\n");

        // then
        assertLoadFails("blog").hasMessage("jobs/blog.yaml: site.provider: unknown provider 'acme-hots' (no file "
                + "providers/acme-hots.yaml in " + home.home + ", none built in); available: acme-host, alwaysdata, "
                + "o2switch, ovh-mutualise, shared-hosting; did you mean acme-host?");
    }

    @Test
    void unknownAppTypeListsTheAvailableOnes() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: drupal}\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: site.app_type: unknown app type 'drupal'")
                .hasMessageEndingWith("available: custom, static, wordpress");
    }

    @Test
    void providerNameWithPathCharactersIsRefused() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {provider: ../jobs/blog}\n");

        // then
        assertLoadFails("blog").hasMessageStartingWith("jobs/blog.yaml: site.provider: \"../jobs/blog\" is not a valid name");
    }
}
