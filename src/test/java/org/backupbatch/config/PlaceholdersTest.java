package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholdersTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    @Test
    void wholeEmbeddedAndRepeatedPlaceholdersAreReplacedFromTheGivenEnvironment() {
        // given
        home.site("blog", """
                ssh:
                  host: ${SSH_HOST}
                  user: u-${USER_PREFIX}-${USER_SUFFIX}
                  private_key_path: keys/id_ed25519
                  port: ${SSH_PORT}
                files:
                  remote_path: /home/${USER_PREFIX}/www
                  exclude_patterns: ["${CACHE}/**"]
                database: {name: db, user: u, password: "${DB_PASSWORD}"}
                """);
        Map<String, String> env = Map.of("SSH_HOST", "ssh.example.net", "USER_PREFIX", "blog", "USER_SUFFIX", "1",
                "SSH_PORT", "2222", "CACHE", "cache", "DB_PASSWORD", "p$a'ss\"${NOT_EXPANDED}");

        // when
        SiteConfig config = home.loader(env).load("blog");

        // then
        assertThat(config.ssh().host()).isEqualTo("ssh.example.net");
        assertThat(config.ssh().user()).isEqualTo("u-blog-1");
        assertThat(config.ssh().port()).isEqualTo(2222);
        assertThat(config.files().remotePath()).isEqualTo("/home/blog/www");
        assertThat(config.files().excludePatterns()).containsExactly("cache/**");
        assertThat(config.database().password().reveal()).as("values are not expanded again")
                .isEqualTo("p$a'ss\"${NOT_EXPANDED}");
        assertThat(config.toString()).doesNotContain("p$a'ss");
    }

    @Test
    void doubleDollarEscapesALiteralPlaceholder() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"a$${B}c$$d$\"}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.database().password().reveal()).isEqualTo("a${B}c$$d$");
    }

    @Test
    void unsetVariableNamesFileFieldAndVariable() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"${DB_PASSWORD}\"}\n");

        // then
        assertThatThrownBy(() -> home.loader().load("blog"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: database.password: environment variable DB_PASSWORD is not set (used as ${DB_PASSWORD})");
    }

    @Test
    void unsetVariableInAListNamesTheItem() {
        // given
        home.site("blog", TestHome.sshSite().replace("files:\n", "files:\n  exclude_patterns: [a, \"${X}/b\"]\n"));

        // then
        assertThatThrownBy(() -> home.loader().load("blog"))
                .hasMessage("jobs/blog.yaml: files.exclude_patterns[1]: environment variable X is not set (used as ${X})");
    }

    @Test
    void unsetVariableInAProviderNamesTheProviderFile() {
        // given
        home.write("providers/acme.yaml", "ssh: {host: \"${ACME_HOST}\"}\n");
        home.site("blog", TestHome.sshSite().replace("  host: ssh.example.net\n", "") + "site: {provider: acme}\n");

        // then
        assertThatThrownBy(() -> home.loader().load("blog"))
                .hasMessage("providers/acme.yaml: ssh.host: environment variable ACME_HOST is not set (used as ${ACME_HOST})");
    }

    @Test
    void placeholderOverriddenByALaterLayerIsNotNeeded() {
        // given
        home.write("providers/acme.yaml", "ssh: {host: \"${ACME_HOST}\"}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.ssh().host()).isEqualTo("ssh.example.net");
    }

    @Test
    void malformedPlaceholdersAreRefused() {
        home.site("a", TestHome.sshSite() + "site: {url: \"http://x/${OPEN\"}\n");
        home.site("b", TestHome.sshSite() + "site: {url: \"http://x/${NOT-A-NAME}\"}\n");

        assertThatThrownBy(() -> home.loader().load("a"))
                .hasMessage("jobs/a.yaml: site.url: unclosed ${ placeholder; write $${ for a literal ${");
        assertThatThrownBy(() -> home.loader().load("b"))
                .hasMessage("jobs/b.yaml: site.url: invalid placeholder ${NOT-A-NAME}: a variable name is letters, digits and _");
    }

    @Test
    void sealedPasswordOpensWithTheKeyFileAndBecomesASecret() {
        // given
        String sealed = SealedValue.seal("p@ss'word".toCharArray(), MasterKey.forSealing(home.home, Map.of()));
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"" + sealed + "\"}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.database().password().reveal()).isEqualTo("p@ss'word");
        assertThat(config.toString()).doesNotContain("p@ss").doesNotContain(sealed);
    }

    @Test
    void sealedValueOfAProviderTemplateOpensWithTheEnvironmentKey() {
        // given
        Map<String, String> env = Map.of(MasterKey.ENV, SealedValueTest.newKey());
        String sealed = SealedValue.seal("from-provider".toCharArray(), MasterKey.forSealing(home.home, env));
        home.write("providers/acme.yaml", "database: {password: \"" + sealed + "\"}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\ndatabase: {name: db, user: u}\n");

        // when
        SiteConfig config = home.loader(env).load("blog");

        // then
        assertThat(config.database().password().reveal()).isEqualTo("from-provider");
    }

    @Test
    void sealedValueThatDoesNotOpenNamesFileFieldAndKeyButNotTheValue() {
        // given: sealed with the key file, opened with another key from the environment
        String sealed = SealedValue.seal("p@ssword".toCharArray(), MasterKey.forSealing(home.home, Map.of()));
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"" + sealed + "\"}\n");
        Map<String, String> env = Map.of(MasterKey.ENV, SealedValueTest.newKey());

        // then
        assertThatThrownBy(() -> home.loader(env).load("blog"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: database.password: the sealed value does not open with the master key "
                        + "from BACKUP_BATCH_MASTER_KEY: another key sealed it, or it was altered")
                .hasMessageNotContaining("p@ss").hasMessageNotContaining(sealed.substring(7, 20));
    }

    @Test
    void malformedSealedValueNamesTheKeyFileTriedAndIsNotShown() {
        // given
        MasterKey.forSealing(home.home, Map.of());
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"ENC(AbCdEf==)\"}\n");

        // then
        assertThatThrownBy(() -> home.loader().load("blog"))
                .hasMessage("jobs/blog.yaml: database.password: the sealed value does not open with the master key from "
                        + home.home.resolve(".backup-batch/master.key")
                        + ": it is not of the form ENC(v1:<base64>) that job=config action=seal prints")
                .hasMessageNotContaining("AbCdEf");
    }

    @Test
    void sealedValueWithoutAnyKeyNamesBothPlaces() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"ENC(v1:AbCdEf==)\"}\n");

        // then
        assertThatThrownBy(() -> home.loader().load("blog"))
                .hasMessage("jobs/blog.yaml: database.password: cannot open the sealed value: no master key: "
                        + "BACKUP_BATCH_MASTER_KEY is not set and " + home.home.resolve(".backup-batch/master.key")
                        + " does not exist (job=config action=seal creates it)");
    }

    @Test
    void sealedValueInAFieldThatIsNotSecretIsRefusedWithoutShowingIt() {
        // given
        MasterKey key = MasterKey.forSealing(home.home, Map.of());
        String host = SealedValue.seal("db.internal".toCharArray(), key);
        String pattern = SealedValue.seal("cache-secret".toCharArray(), key);
        home.site("a", TestHome.sshSite() + "database: {name: db, user: u, host: \"" + host + "\"}\n");
        home.site("b", TestHome.sshSite().replace("files:\n", "files:\n  exclude_patterns: [x, \"" + pattern + "\"]\n"));

        // then
        assertThatThrownBy(() -> home.loader().load("a"))
                .hasMessage("jobs/a.yaml: database.host: a sealed ENC(…) value is only for secret fields such as "
                        + "database.password; write this value in clear");
        assertThatThrownBy(() -> home.loader().load("b"))
                .hasMessageStartingWith("jobs/b.yaml: files.exclude_patterns: a sealed ENC(…) value is only")
                .hasMessageNotContaining("cache-secret");
    }

    @Test
    void noKeyIsNeededWhenNoValueIsSealed() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"ENC is not a prefix\"}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.database().password().reveal()).isEqualTo("ENC is not a prefix");
        assertThat(home.home.resolve(".backup-batch")).doesNotExist();
    }

    @Test
    void aMalformedPlaceholderInASecretFieldNamesTheFieldButNotTheText() {
        // given: a password typed where a variable name was meant
        home.site("a", TestHome.sshSite() + "database: {name: db, user: u, password: \"${hunter2-Marker!}\"}\n");
        home.site("b", TestHome.sshSite() + "database: {name: db, user: u, password: \"pw-${Marker2\"}\n");

        // then
        assertThatThrownBy(() -> home.loader().load("a")).isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/a.yaml: database.password: invalid placeholder (not shown: the field holds a secret): "
                        + "a variable name is letters, digits and _");
        assertThatThrownBy(() -> home.loader().load("b")).isInstanceOf(ConfigurationError.class)
                .hasMessageNotContaining("Marker2").hasMessageStartingWith("jobs/b.yaml: database.password: unclosed");
    }

    @Test
    void anUnsetVariableOfASecretFieldIsNamedWithTheField() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"pw-${BB_UNSET_PW}-Marker\"}\n");

        // then
        assertThatThrownBy(() -> home.loader(Map.of()).load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: database.password: environment variable BB_UNSET_PW is not set (used as "
                        + "${BB_UNSET_PW})");
    }

    @Test
    void fieldsThatHoldSecretsAreKnownByTheirName() {
        assertThat(Secret.isSecretField("database.password")).isTrue();
        assertThat(Secret.isSecretField("ssh.private_key_passphrase")).isTrue();
        assertThat(Secret.isSecretField("backup.encryption.client_secret")).isTrue();
        assertThat(Secret.isSecretField("ssh.private_key_path")).isFalse();
        assertThat(Secret.isSecretField("database.user")).isFalse();
    }
}
