package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void aWrappedValueIsMaskedInAnyTextFromThenOn() {
        // given
        Secret secret = Secret.of("Wrapped-Pw-5521");
        // when
        String masked = Secret.mask("mysqldump: Got error: Wrapped-Pw-5521 (using password: YES)");
        // then
        assertThat(masked).isEqualTo("mysqldump: Got error: <hidden> (using password: YES)");
        assertThat(secret.toString()).doesNotContain("Wrapped");
    }

    @Test
    void aLongerSecretIsMaskedWholeEvenWhenAShorterOneIsPartOfIt() {
        // given
        Secret.remember("Part-Pw-1");
        Secret.remember("Part-Pw-1-and-more");
        // when
        String masked = Secret.mask("a Part-Pw-1-and-more b Part-Pw-1 c");
        // then
        assertThat(masked).isEqualTo("a <hidden> b <hidden> c");
    }

    @Test
    void valuesTooShortToMatterAreNotSearchedFor() {
        // given
        Secret.remember("ab");
        Secret.remember("");
        Secret.remember(null);
        // then
        assertThat(Secret.mask("tab and cab")).isEqualTo("tab and cab");
        assertThat(Secret.mask(null)).isNull();
    }
}
