package org.backupbatch.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Running scripts on this machine with the real {@code sh}. */
class LocalShellTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LocalShell shell = new LocalShell();

    @AfterEach
    void close() {
        shell.close();
    }

    @Test
    void aCommandLongerThanTheTimeoutGoesOnWhileItWritesSomething() throws IOException {
        // given: 3 s of work, a line every 0.3 s, and a timeout of 1 s
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run("for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; sleep 0.3; done", null, stdout,
                Duration.ofSeconds(1));
        // then
        assertThat(result.exitStatus()).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).endsWith("10\n");
    }

    @Test
    void aSilentCommandIsAStalledTransportAfterTheTimeout() {
        // given: output, then nothing for longer than the timeout
        long start = System.nanoTime();
        // when / then
        assertThatThrownBy(() -> shell.run("echo start; sleep 20", null, OutputStream.nullOutputStream(),
                Duration.ofSeconds(1)))
                .isInstanceOf(TransportException.class).hasMessageContaining("stalled");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void stdinBytesReachTheCommand() throws IOException {
        // given
        byte[] input = "first line\nsecond\0with NUL\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run("cat", new ByteArrayInputStream(input), stdout, TIMEOUT);
        // then
        assertThat(result.exitStatus()).isZero();
        assertThat(stdout.toByteArray()).isEqualTo(input);
    }

    @Test
    void binaryStdoutArrivesByteExact() throws IOException {
        // given
        byte[] megabyte = new byte[1024 * 1024];
        new Random(42).nextBytes(megabyte);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run("cat", new ByteArrayInputStream(megabyte), stdout, TIMEOUT);
        // then
        assertThat(result.exitStatus()).isZero();
        assertThat(stdout.toByteArray()).isEqualTo(megabyte);
    }

    @Test
    void noStdinMeansEndOfFileAtOnce() throws IOException {
        // given
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run("wc -c", null, stdout, TIMEOUT);
        // then
        assertThat(result.exitStatus()).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8).strip()).isEqualTo("0");
    }

    @Test
    void reportsTheExitStatusAndTheStderrLines() throws IOException {
        // given
        String script = "echo 'first problem' >&2; printf 'second problem\\nno newline at end' >&2; exit 3";
        // when
        CommandResult result = shell.run(script, null, OutputStream.nullOutputStream(), TIMEOUT);
        // then
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.stderrLines()).containsExactly("first problem", "second problem", "no newline at end");
        assertThat(result.stderrTruncated()).isFalse();
        assertThat(result.stderrTail(2)).isEqualTo("second problem | no newline at end");
    }

    @Test
    void floodedStderrIsCappedWithoutBlockingStdout() throws IOException {
        // given
        String script = "i=0; while [ $i -lt 3000 ]; do echo \"noise $i\" >&2; i=$((i+1)); done; head -c 300000 /dev/zero";
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // when
        CommandResult result = shell.run(script, null, stdout, TIMEOUT);
        // then
        assertThat(result.exitStatus()).isZero();
        assertThat(stdout.size()).isEqualTo(300000);
        assertThat(result.stderrLines()).hasSize(StderrCollector.MAX_LINES).startsWith("noise 0");
        assertThat(result.stderrTruncated()).isTrue();
    }

    @Test
    void abortStopsARunningPipeline() throws Exception {
        // given
        String script = new Pipeline().stage("first", "sleep 5").stage("second", "cat").script();
        CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
            try {
                return shell.run(script, null, OutputStream.nullOutputStream(), TIMEOUT);
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(500);
        long start = System.nanoTime();
        // when
        shell.abort();
        // then
        try {
            run.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            run.get(10, TimeUnit.SECONDS);
        }
    }
}
