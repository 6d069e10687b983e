package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup.encryption}: its keys, their checks and messages, and its secrets kept out of sight. */
class SiteConfigEncryptionTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root).write("keys/ops.pub.gpg", "public").write("keys/ops.sec.asc", "secret");
    }

    private SiteConfig load(String backupYaml, Map<String, String> env) {
        home.site("blog", TestHome.sshSite() + "backup:\n" + backupYaml);
        return home.loader(env).load("blog");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertLoadFails(String backupYaml) {
        home.site("blog", TestHome.sshSite() + "backup:\n" + backupYaml);
        return assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class);
    }

    @Test
    void noEncryptionByDefault() {
        assertThat(load("  retention_days: 3\n", Map.of()).backup().encryption()).isNull();
    }

    @Test
    void recipientsAreKeyFilesResolvedAgainstTheHome() {
        // when
        SiteConfig.Encryption encryption = load("""
                  encryption:
                    type: openpgp
                    recipients: [keys/ops.pub.gpg]
                    private_key: keys/ops.sec.asc
                    private_key_passphrase: ${KEY_PASS}
                """, Map.of("KEY_PASS", "k")).backup().encryption();
        // then
        assertThat(encryption.recipients()).containsExactly(home.home.resolve("keys/ops.pub.gpg"));
        assertThat(encryption.privateKey()).isEqualTo(home.home.resolve("keys/ops.sec.asc"));
        assertThat(encryption.privateKeyPassphrase().reveal()).isEqualTo("k");
        assertThat(encryption.passphrase()).isNull();
        assertThat(encryption.toString()).doesNotContain("=k,").contains("privateKeyPassphrase=******");
    }

    @Test
    void aPassphraseComesFromTheEnvironment() {
        // when
        SiteConfig.Encryption encryption = load("  encryption: {type: openpgp, passphrase: '${BB_PASS}'}\n",
                Map.of("BB_PASS", "open sesame")).backup().encryption();
        // then
        assertThat(encryption.passphrase().reveal()).isEqualTo("open sesame");
        assertThat(encryption.recipients()).isEmpty();
        assertThat(encryption.canDecrypt()).isTrue();
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnes() {
        assertLoadFails("  encryption: {type: openpgp, recipient: [keys/ops.pub.gpg]}\n")
                .hasMessage("jobs/blog.yaml: backup.encryption.recipient: unknown key; known keys here: type, "
                        + "recipients, passphrase, private_key, private_key_passphrase; did you mean recipients?");
    }

    @Test
    void encryptionIsAMapping() {
        assertLoadFails("  encryption: openpgp\n").hasMessageStartingWith("jobs/blog.yaml: backup.encryption: "
                + "expected a mapping of keys (type, recipients,");
    }

    @Test
    void theTypeIsRequiredAndOnlyOpenpgp() {
        assertLoadFails("  encryption: {passphrase: x}\n").hasMessage("jobs/blog.yaml: backup.encryption.type: "
                + "required when backup.encryption is set but not set");
        assertLoadFails("  encryption: {type: age, passphrase: x}\n").hasMessage("jobs/blog.yaml: "
                + "backup.encryption.type: \"age\" is not supported; use openpgp");
    }

    @Test
    void recipientsOrPassphraseNotBothNorNeither() {
        assertLoadFails("  encryption: {type: openpgp}\n").hasMessage("jobs/blog.yaml: backup.encryption: set "
                + "recipients (public key files, gpg --export) or passphrase");
        assertLoadFails("  encryption: {type: openpgp, passphrase: x, recipients: [keys/ops.pub.gpg]}\n")
                .hasMessage("jobs/blog.yaml: backup.encryption: set recipients or passphrase, not both");
        assertLoadFails("  encryption: {type: openpgp, passphrase: ''}\n").hasMessageContaining("passphrase: empty");
    }

    @Test
    void aMissingKeyFileIsNamedWithItsPlaceInTheList() {
        assertLoadFails("  encryption: {type: openpgp, recipients: [keys/ops.pub.gpg, keys/gone.gpg]}\n")
                .hasMessage("jobs/blog.yaml: backup.encryption.recipients[1]: " + home.home.resolve("keys/gone.gpg")
                        + " does not exist");
        assertLoadFails("  encryption: {type: openpgp, recipients: [keys/ops.pub.gpg], private_key: keys/x.asc}\n")
                .hasMessage("jobs/blog.yaml: backup.encryption.private_key: " + home.home.resolve("keys/x.asc")
                        + " does not exist");
    }

    @Test
    void thePrivateKeyGoesWithRecipientsAndItsPassphraseWithIt() {
        assertLoadFails("  encryption: {type: openpgp, passphrase: x, private_key: keys/ops.sec.asc}\n")
                .hasMessageStartingWith("jobs/blog.yaml: backup.encryption.private_key: goes with recipients");
        assertLoadFails("  encryption: {type: openpgp, recipients: [keys/ops.pub.gpg], private_key_passphrase: x}\n")
                .hasMessage("jobs/blog.yaml: backup.encryption.private_key_passphrase: set without private_key");
    }

    @Test
    void aPassphraseOfTheWrongTypeIsNotShown() {
        assertLoadFails("  encryption: {type: openpgp, passphrase: 123456}\n")
                .hasMessage("jobs/blog.yaml: backup.encryption.passphrase: expected a string, got a number (put the "
                        + "value in quotes to make it a string)");
    }

    @Test
    void theEffectiveConfigurationMasksThePassphrases() {
        // given
        home.site("blog", TestHome.sshSite() + "backup:\n  encryption: {type: openpgp, passphrase: clear-text, "
                + "private_key_passphrase: other}\n");
        // when
        String shown = home.loader().effectiveTree("blog").toString();
        // then
        assertThat(shown).doesNotContain("clear-text", "other").contains("\"passphrase\":\"******\"",
                "\"private_key_passphrase\":\"******\"");
    }

    @Test
    void aProviderMayChooseEncryptionForItsSites() {
        // given
        home.write("providers/acme.yaml", "backup:\n  encryption: {type: openpgp, recipients: [keys/ops.pub.gpg]}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\n");
        // when
        SiteConfig.Encryption encryption = home.loader().load("blog").backup().encryption();
        // then
        assertThat(encryption.recipients()).isEqualTo(List.of(home.home.resolve("keys/ops.pub.gpg")));
        assertThat(encryption.canDecrypt()).isFalse();
    }
}
