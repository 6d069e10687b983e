package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SiteConfigLoader#explain}: each value of a site, with the layer that gave it, secrets masked. */
class EffectiveConfigTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    @Test
    void eachLayerWinsInTurnAndIsNamedAsTheSource() {
        // given: ssh.port set by ever higher layers, one key per layer besides
        home.write("providers/acme.yaml", "ssh: {port: 2222, keepalive_seconds: 5}\n");
        home.write("providers/apps/shop.yaml", "ssh: {port: 2223, connect_timeout_seconds: 20}\n");
        String site = TestHome.sshSite() + "site: {provider: acme, app_type: shop}\n";

        // when
        EffectiveConfig fromApp = explain(site);
        EffectiveConfig fromSite = explain(site.replace("user: blog", "user: blog\n  port: 2224"));

        // then
        assertThat(fromApp.entry("ssh.command_timeout_seconds")).isEqualTo(scalar("ssh.command_timeout_seconds",
                "21600", "default"));
        assertThat(fromApp.entry("ssh.keepalive_seconds").source()).isEqualTo("provider acme (providers/acme.yaml)");
        assertThat(fromApp.entry("ssh.connect_timeout_seconds").source())
                .isEqualTo("app template shop (providers/apps/shop.yaml)");
        assertThat(fromApp.entry("ssh.port")).isEqualTo(scalar("ssh.port", "2223",
                "app template shop (providers/apps/shop.yaml)"));
        assertThat(fromSite.entry("ssh.port")).isEqualTo(scalar("ssh.port", "2224", "site file"));
        assertThat(fromSite.entry("ssh.host")).isEqualTo(scalar("ssh.host", "ssh.example.net", "site file"));
        assertThat(fromSite.entry("site.name")).isEqualTo(scalar("site.name", "blog", "file name jobs/blog.yaml"));
        assertThat(fromSite.layers()).containsExactly("default", "provider acme (providers/acme.yaml)",
                "app template shop (providers/apps/shop.yaml)", "site file");
    }

    @Test
    void builtInTemplatesAreNamedWithoutAFileAndListsKeepTheirItems() {
        // given
        home.site("blog", TestHome.sshSite() + "site: {app_type: wordpress}\n");

        // when
        EffectiveConfig config = home.loader().explain("blog");

        // then
        assertThat(config.entry("database.port")).isEqualTo(scalar("database.port", "3306", "provider shared-hosting"));
        EffectiveConfig.Entry excludes = config.entry("files.exclude_patterns");
        assertThat(excludes.source()).isEqualTo("app template wordpress");
        assertThat(excludes.items()).startsWith("wp-content/cache/**").contains("node_modules");
        assertThat(config.entry("files.include_patterns").items()).isEmpty();
        assertThat(config.entry("database.name")).as("not set anywhere: not shown").isNull();
    }

    @Test
    void placeholdersAreShownResolvedWithTheVariableAsTheSource() {
        // given
        home.site("blog", TestHome.sshSite().replace("user: blog", "user: \"${SSH_USER}\"")
                .replace("/home/blog/www", "/home/${SSH_USER}/${SITE_DIR}"));

        // when
        EffectiveConfig config = home.loader(Map.of("SSH_USER", "blog7")).explain("blog");

        // then
        assertThat(config.entry("ssh.user")).isEqualTo(scalar("ssh.user", "blog7", "environment ${SSH_USER} via site file"));
        assertThat(config.entry("files.remote_path")).isEqualTo(scalar("files.remote_path",
                "/home/blog7/${SITE_DIR}", "environment ${SSH_USER}, ${SITE_DIR} (not set) via site file"));
    }

    @Test
    void secretsAreHiddenWhetherWrittenSealedOrFromTheEnvironment() {
        // given: no master key anywhere: display must not need one
        home.write("providers/apps/shop.yaml", "database: {password: template-secret}\n");
        home.site("blog", TestHome.sshSite().replace("user: blog", "user: blog\n  private_key_passphrase: ${KEY_PASSPHRASE}")
                + """
                site: {app_type: shop}
                database: {name: blog, user: "ENC(v1:AAAA)"}
                backup:
                  encryption: {type: openpgp, passphrase: "ENC(v1:BBBB)"}
                """);
        Map<String, String> env = Map.of("KEY_PASSPHRASE", "correct horse battery");

        // when
        EffectiveConfig config = home.loader(env).explain("blog");

        // then
        assertThat(config.entry("database.password")).isEqualTo(scalar("database.password", "<hidden>",
                "app template shop (providers/apps/shop.yaml)"));
        assertThat(config.entry("ssh.private_key_passphrase")).isEqualTo(scalar("ssh.private_key_passphrase",
                "<hidden>", "environment ${KEY_PASSPHRASE} via site file"));
        assertThat(config.entry("database.user")).as("sealed, even in a field that is not a secret's")
                .isEqualTo(scalar("database.user", "<hidden>", "site file (sealed ENC value)"));
        assertThat(config.entry("backup.encryption.passphrase").value()).isEqualTo("<hidden>");
        assertThat(config.entry("backup.encryption.type").value()).isEqualTo("openpgp");
        assertThat(config.toString()).doesNotContain("template-secret", "correct horse", "AAAA", "BBBB");
    }

    private EffectiveConfig explain(String siteYaml) {
        home.site("blog", siteYaml);
        return home.loader().explain("blog");
    }

    private static EffectiveConfig.Entry scalar(String key, String value, String source) {
        return new EffectiveConfig.Entry(key, value, null, source);
    }
}
