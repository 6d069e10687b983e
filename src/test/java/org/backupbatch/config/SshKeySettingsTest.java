package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh.host_key_policy} and {@code ssh.private_key_passphrase}: parsed, checked, never shown. */
class SshKeySettingsTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    /** The minimal ssh site with these lines added to its ssh section. */
    private static String ssh(String lines) {
        return TestHome.sshSite().replace("ssh:\n", "ssh:\n  " + lines);
    }

    @Test
    void hostKeysAreCheckedStrictlyAndTheKeyHasNoPassphraseByDefault() {
        // given
        home.site("blog", TestHome.sshSite());
        // when
        SiteConfig.Ssh ssh = home.loader().load("blog").ssh();
        // then
        assertThat(ssh.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(ssh.privateKeyPassphrase()).isNull();
    }

    @Test
    void acceptNewLetsKnownHostsBeMissingForItWillBeCreated() {
        // given
        home.site("blog", ssh("host_key_policy: accept-new\n  known_hosts: keys/new/known_hosts\n"));
        // when
        SiteConfig.Ssh ssh = home.loader().load("blog").ssh();
        // then
        assertThat(ssh.hostKeyPolicy()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
        assertThat(ssh.knownHosts()).isEqualTo(home.home.resolve("keys/new/known_hosts"));
    }

    @Test
    void strictWithAMissingKnownHostsSaysHowToFillItOrToAcceptNew() {
        // given
        home.site("blog", ssh("known_hosts: keys/none\n"));
        // then
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: ssh.known_hosts: " + home.home.resolve("keys/none") + " does not exist; "
                        + "add the host's key to it (ssh-keyscan, after checking its fingerprint with the host), or "
                        + "set ssh.host_key_policy: accept-new to record it at the first connection");
    }

    @Test
    void unknownPolicyIsRefusedNamingBothChoices() {
        // given
        home.site("blog", ssh("host_key_policy: 'no'\n"));
        // then
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: ssh.host_key_policy: expected strict or accept-new, got \"no\"");
    }

    @Test
    void passphraseComesFromTheEnvironmentAsASecret() {
        // given
        home.site("blog", ssh("private_key_passphrase: ${KEY_PASSPHRASE}\n"));
        // when
        SiteConfig config = home.loader(Map.of("KEY_PASSPHRASE", "s3cret phrase")).load("blog");
        // then
        assertThat(config.ssh().privateKeyPassphrase().reveal()).isEqualTo("s3cret phrase");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void passphraseOfTheWrongTypeIsRefusedWithoutEchoingIt() {
        // given
        home.site("blog", ssh("private_key_passphrase: 918273645\n"));
        // then
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("jobs/blog.yaml: ssh.private_key_passphrase: expected a string")
                .hasMessageNotContaining("918273645");
    }

    @Test
    void effectiveTreeMasksThePassphrase() {
        // given
        home.site("blog", ssh("private_key_passphrase: clear-text-phrase\n"));
        // when
        JsonNode tree = home.loader().effectiveTree("blog");
        // then
        assertThat(tree.at("/ssh/private_key_passphrase").asText()).isEqualTo("******");
        assertThat(tree.toString()).doesNotContain("clear-text-phrase");
    }
}
