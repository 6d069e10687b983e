package org.backupbatch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A quoted value reaches the command as the same bytes, whatever it holds, and never runs. */
class ShellQuoteTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"$(touch pwned)", "`touch pwned`", "-rf", "--", "a'b", "'", "''", "'\\''",
        "\"; rm -rf /tmp/x; \"", "; touch pwned", "&& touch pwned", "| touch pwned", "a\nb\n", "\ttab",
        "$HOME ${PATH} $1 $@", "*", "~", "!", "\\", "%s%d%%", "café 日本語", "wp-content/uploads/my file.jpg",
        "x$(touch pwned)'$(touch pwned)'\"$(touch pwned)\""})
    void quotedValueIsPrintedByteForByteAndNeverExecuted(String value) throws Exception {
        // given
        String script = "printf '%s' " + ShellQuote.quote(value);
        // when
        byte[] out = sh(script);
        // then
        assertThat(out).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
        assertThat(dir.resolve("pwned")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void emptyStringStaysOneEmptyArgument() throws Exception {
        // given
        String script = "printf '[%s]' " + ShellQuote.quote("") + " " + ShellQuote.quote("");
        // when
        byte[] out = sh(script);
        // then
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("[][]");
    }

    @Test
    void quoteAllKeepsEachValueOneArgument() throws Exception {
        // given
        List<String> values = List.of("a b", "", "$(touch pwned)", "c'd", "*");
        // when
        byte[] out = sh("printf '<%s>' " + ShellQuote.quoteAll(values));
        // then
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("<a b><><$(touch pwned)><c'd><*>");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    private byte[] sh(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("status of %s", script).isZero();
        return out;
    }
}
