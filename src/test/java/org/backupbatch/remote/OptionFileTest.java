package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.LocalShell;
import org.backupbatch.ssh.ShellQuote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The option file's way through the script, with the real dash and bash and a stand-in client
 * that prints what it got: the option bytes on fd 4, exactly, and the rest of stdin on its stdin.
 * (The real mysql and mysqldump reading the pipe are tested against MariaDB in the ITs.)
 */
class OptionFileTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] OPTIONS = "[client]\nuser=\"u\"\npassword=\"p\u00e9\\\\ $(x) '\"\nport=3306\n"
            .getBytes(StandardCharsets.UTF_8);
    /** Prints fd 4, a separator, then its stdin; twice, as the validate step runs two clients. */
    private static final String CLIENT = OptionFile.client("sh -c 'cat /dev/fd/4; echo ---; head -c 5'");

    private final LocalShell shell = new LocalShell();

    @AfterEach
    void close() {
        shell.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void eachClientGetsTheOptionBytesOnFd4AndTheRestOfStdinOnItsStdin(String sh) throws Exception {
        // given
        String script = OptionFile.prelude(OPTIONS.length) + "\n" + CLIENT + "\n" + CLIENT;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // when
        CommandResult result = run(sh, script, concat(OPTIONS, "dump1dump2".getBytes(StandardCharsets.UTF_8)), out);
        // then
        assertThat(result.exitStatus()).as(result.stderrTail(5)).isZero();
        String options = new String(OPTIONS, StandardCharsets.UTF_8);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(options + "---\ndump1" + options + "---\ndump2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void fewerOptionBytesThanAnnouncedStopTheScriptBeforeAnyClient(String sh) throws Exception {
        // given: the stream ends inside the last line (without only its newline, the options are whole)
        String script = OptionFile.prelude(OPTIONS.length) + "\n" + CLIENT;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // when
        CommandResult result = run(sh, script, Arrays.copyOf(OPTIONS, OPTIONS.length - 3), out);
        // then
        assertThat(result.exitStatus()).isEqualTo(96);
        assertThat(out.size()).isZero();
    }

    private CommandResult run(String sh, String script, byte[] stdin, ByteArrayOutputStream out) throws IOException {
        return shell.run(sh.equals("sh") ? script : "exec bash -c " + ShellQuote.quote(script),
                new ByteArrayInputStream(stdin), out, TIMEOUT);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
