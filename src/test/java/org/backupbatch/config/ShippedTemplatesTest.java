package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The templates of {@code providers/} at the top of the repository: every one is packaged, named
 * in {@link Templates}, and loads under a site file through the whole validation of {@link
 * SiteConfigLoader#load}, with every app template.
 */
class ShippedTemplatesTest {

    static final Path PROVIDERS = Path.of(System.getProperty("basedir", ".")).resolve("providers");

    @TempDir
    Path root;

    @Test
    void theBuiltInNamesAreExactlyTheFilesOfTheProvidersFolder() {
        assertThat(Templates.yamlNames(PROVIDERS)).containsExactlyElementsOf(Templates.BUILT_IN_PROVIDERS);
        assertThat(Templates.yamlNames(PROVIDERS.resolve("apps"))).containsExactlyElementsOf(Templates.BUILT_IN_APPS);
    }

    @Test
    void everyShippedTemplateIsPackagedAsWritten() throws IOException {
        for (String name : Templates.BUILT_IN_PROVIDERS) {
            assertPackaged("providers/" + name + ".yaml");
        }
        for (String name : Templates.BUILT_IN_APPS) {
            assertPackaged("providers/apps/" + name + ".yaml");
        }
    }

    static Stream<Arguments> providersAndApps() {
        return Templates.BUILT_IN_PROVIDERS.stream()
                .flatMap(provider -> Templates.BUILT_IN_APPS.stream().map(app -> Arguments.of(provider, app)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("providersAndApps")
    void everyProviderLoadsWithEveryAppThroughTheSiteValidation(String provider, String app) {
        // given
        TestHome home = new TestHome(root);
        home.site("blog", TestHome.sshSite() + "site: {provider: " + provider + ", app_type: " + app + "}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.site().provider()).isEqualTo(provider);
        assertThat(config.site().appType()).isEqualTo(app);
        assertThat(config.ssh().port()).isBetween(1, 65535);
        if (app.equals("static")) {
            assertThat(config.database()).as("a static site has no database").isNull();
        }
        if (app.equals("wordpress")) {
            assertThat(config.database()).as("WordPress always has one").isNotNull();
        }
    }

    @Test
    void everyShippedProviderCitesItsSourcesOrIsTheGenericOne() throws IOException {
        for (String name : Templates.BUILT_IN_PROVIDERS) {
            String text = Files.readString(PROVIDERS.resolve(name + ".yaml"));
            if (!name.equals("shared-hosting")) {
                assertThat(text).as(name + " cites the public documentation it follows").contains("https://");
                assertThat(text).as(name + " says what it could not find").containsIgnoringCase("not found");
            }
        }
    }

    @Test
    void aHomeFolderTemplateStillOverridesAShippedOne() {
        // given
        TestHome home = new TestHome(root);
        home.write("providers/o2switch.yaml", "ssh: {port: 2022}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: o2switch}\n");

        // when
        SiteConfig config = home.loader().load("blog");

        // then
        assertThat(config.ssh().port()).isEqualTo(2022);
    }

    private static void assertPackaged(String relative) throws IOException {
        JsonNode packaged = Layer.readResource("backup-batch/" + relative).tree();
        JsonNode written = Layer.read(PROVIDERS.getParent().resolve(relative), relative).tree();
        assertThat(packaged).as(relative).isEqualTo(written);
        Schema.checkTemplate(Layer.readResource("backup-batch/" + relative));
    }
}
