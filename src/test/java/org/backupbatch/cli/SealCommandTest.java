package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.MasterKey;
import org.backupbatch.config.SealedValue;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealCommandTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void secretOnStdinIsPrintedSealedWithOneFinalNewlineTrimmed() throws Exception {
        // when
        int exit = seal("line one\nline two\r\n");

        // then
        assertThat(exit).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).matches("ENC\\(v1:[A-Za-z0-9+/=]+\\)\n");
        assertThat(SealedValue.open(printed.strip(), MasterKey.forOpening(home, Map.of()))).isEqualTo("line one\nline two");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sealed with a new master key, "
                + home.resolve(".backup-batch/master.key")).doesNotContain("line");
    }

    @Test
    void onlyOneFinalNewlineIsTrimmed() throws Exception {
        // when
        seal("pw\n\n");

        // then
        assertThat(SealedValue.open(out.toString(StandardCharsets.UTF_8).strip(), MasterKey.forOpening(home, Map.of())))
                .isEqualTo("pw\n");
    }

    @Test
    void emptyStdinIsRefusedAndCreatesNoKey() {
        // when
        int exit = seal("\n");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing to seal: the secret read from stdin is empty");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("ENC(");
        assertThat(home.resolve(".backup-batch")).doesNotExist();
    }

    @Test
    void configWordsNeedActionSealAndNoSite() {
        // when
        CommandLine seal = CommandLine.parse(List.of("job=config", "action=seal", "home=" + home), Map.of());

        // then
        assertThat(seal.params()).containsEntry("action", "seal");
        assertThat(seal.site()).isNull();
        assertThat(seal.home()).isEqualTo(home);
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=config", "action=open", "home=" + home), Map.of()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("action=open: the actions are init and seal");
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=config", "action=seal", "site=blog"), Map.of()))
                .hasMessageStartingWith("site= is not used by job=config action=seal");
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=backup", "action=seal", "site=blog"), Map.of()))
                .hasMessageStartingWith("action= is not known to job=backup");
    }

    private int seal(String stdin) {
        return new SealCommand(home, Map.of()).run(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
