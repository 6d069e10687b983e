package org.backupbatch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-stage exit statuses through fd 3, run by the real {@code sh} through {@link LocalShell}. */
class PipelineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LocalShell shell = new LocalShell();

    @AfterEach
    void close() {
        shell.close();
    }

    @Test
    void reportsAFailedFirstStageEvenThoughTheScriptExitsZero() throws IOException {
        // given
        String script = new Pipeline().stage("first", "false").stage("second", "cat").script();
        // when
        CommandResult result = shell.run(script, null, OutputStream.nullOutputStream(), TIMEOUT);
        // then
        assertThat(result.exitStatus()).isZero();
        assertThat(result.stageStatuses()).isEqualTo(Map.of("first", 1, "second", 0));
    }

    @Test
    void reportsEachStageOfALongerPipeline() throws IOException {
        // given
        String script = new Pipeline().stage("tar", "sh -c 'exit 2'").stage("head", "head -c 10")
                .stage("gzip", "cat").script();
        // when
        CommandResult result = shell.run(script, null, OutputStream.nullOutputStream(), TIMEOUT);
        // then
        assertThat(result.stageStatuses()).isEqualTo(Map.of("tar", 2, "head", 0, "gzip", 0));
    }

    @Test
    void dataFlowsThroughTheStagesAndFromStdin() throws IOException {
        // given
        String script = new Pipeline().stage("upper", "tr a-z A-Z").stage("rev", "rev").script();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run(script, new ByteArrayInputStream("abc\n".getBytes(StandardCharsets.UTF_8)),
                stdout, TIMEOUT);
        // then
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("CBA\n");
        assertThat(result.stageStatuses()).isEqualTo(Map.of("upper", 0, "rev", 0));
    }

    @Test
    void stderrLinesAreCollectedWithoutTheStatusMarkers() throws IOException {
        // given
        String script = new Pipeline()
                .stage("tar", "sh -c " + ShellQuote.quote("echo 'tar: ./a: file changed as we read it' >&2; exit 1"))
                .stage("gzip", "echo 'gzip: a warning' >&2; cat").script();
        // when
        CommandResult result = shell.run(script, null, OutputStream.nullOutputStream(), TIMEOUT);
        // then
        assertThat(result.stageStatuses()).isEqualTo(Map.of("tar", 1, "gzip", 0));
        assertThat(result.stderrLines())
                .containsExactlyInAnyOrder("tar: ./a: file changed as we read it", "gzip: a warning")
                .noneMatch(line -> line.contains(Pipeline.STATUS_MARKER));
    }

    @Test
    void stageStdoutIsNotMistakenForAStatus() throws IOException {
        // given: a stage prints a line that looks like a marker, on stdout
        String script = new Pipeline().stage("fake", "echo '" + Pipeline.STATUS_MARKER + " fake 9'").script();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run(script, null, stdout, TIMEOUT);
        // then
        assertThat(result.stageStatuses()).isEqualTo(Map.of("fake", 0));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(Pipeline.STATUS_MARKER + " fake 9\n");
    }

    @Test
    void stageStatusIsReadEvenAfterAStderrLineWithoutNewline() throws IOException {
        // given
        String script = new Pipeline()
                .stage("dump", "sh -c " + ShellQuote.quote("printf 'mysqldump: Got error: 2013' >&2; exit 2"))
                .stage("gzip", "cat").script();
        // when
        CommandResult result = shell.run(script, null, OutputStream.nullOutputStream(), TIMEOUT);
        // then
        assertThat(result.stageStatuses()).isEqualTo(Map.of("dump", 2, "gzip", 0));
        assertThat(result.stderrLines()).containsExactly("mysqldump: Got error: 2013");
    }

    @Test
    void preludeRunsFirstAndCanEndTheScriptBeforeAnyStage() throws IOException {
        // given
        String script = new Pipeline().before("cd -- " + ShellQuote.quote("/no/such folder") + " || exit 97")
                .stage("tar", "echo ran").script();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run(script, null, stdout, TIMEOUT);
        // then
        assertThat(result.exitStatus()).isEqualTo(97);
        assertThat(result.stageStatuses()).isEmpty();
        assertThat(stdout.size()).isZero();
        assertThat(result.stderrLines()).isNotEmpty();
    }

    @Test
    void quotedValuesInAStageStayData() throws IOException {
        // given
        String value = "$(echo injected) ; echo injected '\"";
        String script = new Pipeline().stage("print", "printf '%s' " + ShellQuote.quote(value)).script();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run(script, null, stdout, TIMEOUT);
        // then
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(value);
        assertThat(result.stageStatuses()).isEqualTo(Map.of("print", 0));
    }
}
