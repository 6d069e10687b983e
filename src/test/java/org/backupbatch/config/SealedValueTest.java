package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedValueTest {

    private static final String SECRET = "s3cr€t ' \" $(x) ;\n";

    @TempDir
    Path home;

    @Test
    void aSealedSecretOpensWithTheSameKey() throws Exception {
        // given
        MasterKey key = MasterKey.forSealing(home, Map.of());

        // when
        String sealed = SealedValue.seal(SECRET.toCharArray(), key);

        // then
        assertThat(sealed).matches("ENC\\(v1:[A-Za-z0-9+/]+=*\\)").doesNotContain("s3cr");
        assertThat(SealedValue.open(sealed, MasterKey.forOpening(home, Map.of()))).isEqualTo(SECRET);
    }

    @Test
    void sealingTheSameSecretTwiceGivesDifferentValues() {
        // given
        MasterKey key = MasterKey.forSealing(home, Map.of());

        // then: a fresh nonce every time
        assertThat(SealedValue.seal(SECRET.toCharArray(), key)).isNotEqualTo(SealedValue.seal(SECRET.toCharArray(), key));
    }

    @Test
    void anotherKeyDoesNotOpenAndTheMessageHoldsNeitherTheSecretNorTheValue() {
        // given
        String sealed = SealedValue.seal(SECRET.toCharArray(), MasterKey.forSealing(home, Map.of()));
        MasterKey other = MasterKey.forOpening(home, Map.of(MasterKey.ENV, newKey()));

        // then
        assertThatThrownBy(() -> SealedValue.open(sealed, other))
                .isInstanceOf(SealedValue.CannotOpen.class)
                .hasMessage("another key sealed it, or it was altered")
                .hasMessageNotContaining("s3cr");
    }

    @Test
    void everyChangedByteIsRefused() throws Exception {
        // given
        MasterKey key = MasterKey.forSealing(home, Map.of());
        String sealed = SealedValue.seal("pw".toCharArray(), key);
        byte[] raw = Base64.getDecoder().decode(sealed.substring("ENC(v1:".length(), sealed.length() - 1));

        for (int i = 0; i < raw.length; i++) {
            // when: one bit flipped in the nonce, the ciphertext or the tag
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            String value = "ENC(v1:" + Base64.getEncoder().encodeToString(tampered) + ")";

            // then
            assertThatThrownBy(() -> SealedValue.open(value, key)).as("byte " + i)
                    .hasMessage("another key sealed it, or it was altered");
        }
    }

    @Test
    void malformedValuesAreRefusedSayingWhy() {
        // given
        MasterKey key = MasterKey.forSealing(home, Map.of());

        // then
        assertThatThrownBy(() -> SealedValue.open("ENC(AbCdEf==)", key))
                .hasMessage("it is not of the form ENC(v1:<base64>) that job=config action=seal prints");
        assertThatThrownBy(() -> SealedValue.open("ENC(v1:AbC!Ef==)", key))
                .hasMessage("its text after v1: is not valid base64");
        assertThatThrownBy(() -> SealedValue.open("ENC(v2:AAAA)", key))
                .hasMessage("its format version is not v1, the only one this version reads");
        assertThatThrownBy(() -> SealedValue.open("ENC(v1:AAAA)", key))
                .hasMessage("it is too short to be a sealed value");
        assertThatThrownBy(() -> SealedValue.open("ENC(v1:AAAA) ", key))
                .isInstanceOf(SealedValue.CannotOpen.class);
    }

    static String newKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
