package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuiltInTemplatesTest {

    @Test
    void everyBuiltInTemplateExistsAndHoldsOnlyKnownKeys() {
        // given
        Layer defaults = Layer.readResource("backup-batch/defaults.yaml");

        // when
        Schema.checkDefaults(defaults);
        Templates.BUILT_IN_PROVIDERS.forEach(name ->
                Schema.checkTemplate(Layer.readResource("backup-batch/providers/" + name + ".yaml")));
        Templates.BUILT_IN_APPS.forEach(name ->
                Schema.checkTemplate(Layer.readResource("backup-batch/providers/apps/" + name + ".yaml")));

        // then
        assertThat(defaults.tree().at("/site/provider").asText()).isEqualTo("shared-hosting");
        assertThat(defaults.tree().at("/site/app_type").asText()).isEqualTo("custom");
    }

    @Test
    void suggestsTheClosestNameWithinTwoEdits() {
        assertThat(Names.closest("exclude_patern", Schema.SECTIONS.get("files"))).isEqualTo("exclude_patterns");
        assertThat(Names.closest("Remote_Path", Schema.SECTIONS.get("files"))).isEqualTo("remote_path");
        assertThat(Names.closest("encryption", Schema.SECTIONS.keySet())).isNull();
    }
}
