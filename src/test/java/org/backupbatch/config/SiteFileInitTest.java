package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code job=config action=init}: a new site file, commented, that loads; never over an existing one. */
class SiteFileInitTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    @Test
    void writtenWordPressFileLoadsAndItsCommentsSayWhatTheTemplatesGive() throws Exception {
        // when
        Path file = init(new SiteFileInit.Request("blog", null, "wordpress", "ssh.example.net", "2222", "blog",
                "/home/blog/www", "keys/id_ed25519", null));

        // then
        assertThat(file).isEqualTo(home.home.resolve("jobs/blog.yaml"));
        SiteConfig config = home.loader().load("blog");
        assertThat(config.site()).isEqualTo(new SiteConfig.Site("blog", "shared-hosting", "wordpress", null, Transport.SSH));
        assertThat(config.ssh().host()).isEqualTo("ssh.example.net");
        assertThat(config.ssh().port()).isEqualTo(2222);
        assertThat(config.files().remotePath()).isEqualTo("/home/blog/www");
        assertThat(config.files().excludePatterns()).as("the template's, not replaced").contains("node_modules");
        String text = Files.readString(file);
        assertThat(text).contains(
                "# Layering, later wins: built-in defaults <- provider shared-hosting <- app template wordpress <- this file.",
                "# The provider shared-hosting gives:\n#   ssh.port: 22\n#   database.host: localhost\n#   database.port: 3306",
                "# The app template wordpress gives:\n#   database.enabled: true\n#   database.tables: prefix\n"
                        + "#   files.exclude_patterns: 15 items: wp-content/cache/**, ",
                "read from wp-config.php",
                "  # ed25519, ECDSA or RSA, readable by its owner only (chmod 600); ~/ is your home folder.\n"
                        + "  private_key_path: keys/id_ed25519",
                "#   ssh-keyscan -p 2222 ssh.example.net >> ~/.ssh/known_hosts");
    }

    @Test
    void withoutTemplateWordsTheDefaultsAreWrittenAndThePortIsLeftToTheProvider() throws Exception {
        // given: the default key, in the user's home
        home.writeUser(".ssh/id_ed25519", "not a real key\n");

        // when
        Path file = init(new SiteFileInit.Request("shop", null, null, "ssh.example.net", null, "shop", "/srv/shop",
                null, null));

        // then
        SiteConfig config = home.loader().load("shop");
        assertThat(config.site().provider()).isEqualTo("shared-hosting");
        assertThat(config.site().appType()).isEqualTo("custom");
        assertThat(config.ssh().port()).isEqualTo(22);
        assertThat(config.ssh().privateKeyPath()).isEqualTo(home.userHome.resolve(".ssh/id_ed25519"));
        assertThat(config.database()).isNull();
        assertThat(Files.readString(file)).contains("  # port: 22   # the provider's\n",
                "# The app template custom sets nothing.", "#   password: ${SHOP_DB_PASSWORD}");
    }

    @Test
    void valuesThatYamlWouldMisreadAreQuotedAndLoadAsGiven() {
        // when
        init(new SiteFileInit.Request("odd", null, null, "ssh.example.net", null, "yes",
                "/home/a: b # c/www", "keys/id_ed25519", "keys/known_hosts"));

        // then
        SiteConfig config = home.loader().load("odd");
        assertThat(config.ssh().knownHosts()).isEqualTo(home.home.resolve("keys/known_hosts"));
        assertThat(config.ssh().user()).isEqualTo("yes");
        assertThat(config.files().remotePath()).isEqualTo("/home/a: b # c/www");
    }

    @Test
    void anExistingSiteFileIsNeverOverwritten() throws Exception {
        // given
        home.site("blog", "# mine\n");

        // when / then
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", null, null, "h", null, "u", "/p",
                "keys/id_ed25519", null)))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("jobs/blog.yaml already exists in " + home.home
                        + "; init never overwrites a site file");
        assertThat(home.home.resolve("jobs/blog.yaml")).hasContent("# mine");
    }

    @Test
    void aFileThatWouldNotLoadIsNotKept() {
        // when / then
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", null, null, "ssh.example.net", null, "blog",
                "/home/blog/www", "keys/missing", null)))
                .hasMessageContaining("jobs/blog.yaml: ssh.private_key_path: ")
                .hasMessageEndingWith("(nothing written: fix the words and run the init again)");
        assertThat(home.home.resolve("jobs/blog.yaml")).doesNotExist();
    }

    @Test
    void wrongWordsWriteNothing() {
        // when / then
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", "acme", null, "h", null, "u", "/p", null, null)))
                .hasMessageStartingWith("provider=acme: unknown provider 'acme'");
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", null, "wordpres", "h", null, "u", "/p", null, null)))
                .hasMessageEndingWith("did you mean wordpress?");
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", null, null, null, null, "u", "/p", null, null)))
                .hasMessageStartingWith("host= is missing");
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", null, null, "h", "22a", "u", "/p", null, null)))
                .hasMessage("port=22a: expected a port number, e.g. port=22");
        assertThatThrownBy(() -> init(new SiteFileInit.Request("blog", null, null, "h", null, "u", "/p\nx", null, null)))
                .hasMessage("remote_path= holds a control character (a newline?)");
        assertThat(home.home.resolve("jobs")).doesNotExist();
    }

    private Path init(SiteFileInit.Request request) {
        return new SiteFileInit(home.loader()).write(request);
    }
}
