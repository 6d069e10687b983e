package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;

/** {@code backup.compression}: auto takes pigz when the host has it; the level goes to either. */
class CompressorTest {

    private static final Map<String, String> WITH_PIGZ = Map.of("gzip", "gzip 1.12", "pigz", "pigz 2.6");
    private static final Map<String, String> WITHOUT_PIGZ = Map.of("gzip", "gzip 1.12");

    @Test
    void autoTakesPigzWhenTheHostHasItElseGzip() {
        assertThat(Compressor.choose("auto", 6, WITH_PIGZ).command()).isEqualTo("pigz -c -6");
        assertThat(Compressor.choose("auto", 9, WITHOUT_PIGZ).command()).isEqualTo("gzip -c -9");
        assertThat(Compressor.choose("auto", 6, null)).as("tools unknown: what every host has")
                .hasToString("gzip -6");
    }

    @Test
    void gzipIsKeptEvenWhenPigzIsThere() {
        assertThat(Compressor.choose("gzip", 1, WITH_PIGZ)).hasToString("gzip -1");
    }

    @Test
    void pigzAskedForOnAHostWithoutItIsAConfigurationError() {
        assertThat(Compressor.choose("pigz", 3, WITH_PIGZ)).hasToString("pigz -3");
        assertThatThrownBy(() -> Compressor.choose("pigz", 6, WITHOUT_PIGZ)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("the host has no pigz");
    }
}
