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
    void encryptedValueIsNotSupportedYetAndIsNotShown() {
        // given
        home.site("blog", TestHome.sshSite() + "database: {name: db, user: u, password: \"ENC(AbCdEf==)\"}\n");

        // then
        assertThatThrownBy(() -> home.loader().load("blog"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: database.password: encrypted values are not supported yet; use a ${VARIABLE} placeholder")
                .hasMessageNotContaining("AbCdEf");
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
