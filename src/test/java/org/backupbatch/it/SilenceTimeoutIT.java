package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.PrivateKeyFile;
import org.backupbatch.ssh.SshShell;
import org.backupbatch.ssh.SshTarget;
import org.backupbatch.ssh.TransportException;
import org.junit.jupiter.api.Test;

/**
 * {@code ssh.command_timeout_seconds} against the real sshd: it measures silence (no byte in
 * either direction), not length. A command that runs three times the timeout while its bytes
 * flow, either way, is not killed; one that goes silent is a stalled transport, which the
 * transfers retry like a reset.
 */
class SilenceTimeoutIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aLongCommandThatKeepsWritingIsNotKilled() throws Exception {
        try (SshShell shell = SshShell.connect(target())) {
            // given / when: 3 s of output, a line every 0.3 s
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandResult result = shell.run("for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; sleep 0.3; done", null,
                    out, TIMEOUT);
            // then
            assertThat(result.exitStatus()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("10\n");
        }
    }

    @Test
    void aLongUploadThatKeepsSendingIsNotKilled() throws Exception {
        try (SshShell shell = SshShell.connect(target())) {
            // given: stdin that sends a byte every 0.3 s for 3 s; the command prints nothing until the end
            InputStream slow = new InputStream() {
                private int left = 10;

                @Override
                public int read() {
                    return read(new byte[1], 0, 1) < 0 ? -1 : 'x';
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left-- == 0) {
                        return -1;
                    }
                    sleep(300);
                    b[off] = 'x';
                    return 1;
                }
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // when
            CommandResult result = shell.run("wc -c", slow, out, TIMEOUT);
            // then
            assertThat(result.exitStatus()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("10");
        }
    }

    @Test
    void aSilentCommandIsAStalledTransport() throws Exception {
        try (SshShell shell = SshShell.connect(target())) {
            long start = System.nanoTime();
            // when / then
            assertThatThrownBy(() -> shell.run("echo start; sleep 30", null, OutputStream.nullOutputStream(),
                    TIMEOUT)).isInstanceOf(TransportException.class).hasMessageContaining("stalled");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aBackupWhoseStreamStallsIsRetriedLikeAReset(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // given: a 3 MB site; the first connection that carries more than 1 MB stalls (nothing
        // passes, nothing is closed); keepalives too slow to notice, a silence limit of 3 s
        Path site = RemoteSite.create("wt-speed-stall", "head -c 3000000 /dev/urandom > big.bin");
        try (FaultProxy proxy = FaultProxy.toTestSshd().stallOnceAfter(1_000_000)) {
            String ssh = proxy.sshYaml(tmp).replace("ssh:\n", "ssh:\n  command_timeout_seconds: 3\n"
                    + "  keepalive_seconds: 120\n");
            Path home = RemoteSite.home(tmp.resolve("home"), "stall", "site:\n  app_type: custom\n" + ssh
                    + "files:\n  remote_path: " + site + "\n" + "database:\n  enabled: false\n"
                    + "backup:\n  destination: backups\n  retries: 2\n  retry_delay_seconds: 1\n");
            // when
            Processes.Result run = Processes.backupBatch(home, java.util.Map.of(), "job=backup", "site=stall");
            // then: one stall, seen as such, retried in the step, and the backup complete
            assertThat(proxy.stalls()).as(run.toString()).isEqualTo(1);
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.stderr()).contains("stalled");
            Path extracted = RemoteSite.extract(RemoteSite.onlyArchive(home.resolve("backups"), "stall"),
                    tmp.resolve("x"));
            assertThat(extracted.resolve("files/big.bin")).hasSameBinaryContentAs(site.resolve("big.bin"));
        } finally {
            RemoteSite.delete(site);
        }
    }

    private static SshTarget target() {
        return new SshTarget(TestEnv.get("ssh.host"), Integer.parseInt(TestEnv.get("ssh.port")), TestEnv.sshUser(),
                new PrivateKeyFile(Path.of(TestEnv.get("ssh.private_key")), null),
                Path.of(TestEnv.get("ssh.known_hosts")), false, 10, 15, 3);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
