package org.backupbatch.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.backupbatch.errors.FatalError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH session (JSch) to a site's account; each {@link #run} opens an exec channel on it.
 * The host key is checked against the configured known_hosts by {@link KnownHostsCheck}: a
 * changed key is always refused, an unknown one unless the site accepts new hosts.
 * The command's stdout is written by JSch's session thread straight into the caller's stream
 * (no pipe, flat memory) and stderr into a {@link StderrCollector}, so both drain concurrently.
 */
public final class SshShell implements Shell {

    private static final Logger LOG = LoggerFactory.getLogger(SshShell.class);
    private static final long POLL_MILLIS = 20;
    /**
     * The signatures we sign the login with: an RSA key signs with SHA-2 ({@code rsa-sha2-512},
     * {@code rsa-sha2-256}), never with SHA-1 ({@code ssh-rsa}), which OpenSSH 8.8+ refuses.
     */
    static final String SIGNATURE_ALGORITHMS = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
            + "ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";

    private final Session session;
    private final SshTarget target;
    private final KnownHostsCheck hostKeys;
    /** The channels running now: two streams may share the session (see FilesStreamer). */
    private final Set<ChannelExec> running = ConcurrentHashMap.newKeySet();

    private SshShell(Session session, SshTarget target, KnownHostsCheck hostKeys) {
        this.session = session;
        this.target = target;
        this.hostKeys = hostKeys;
    }

    /**
     * Logs in. Key, host-key and authentication problems are {@link FatalError}s (or {@link
     * org.backupbatch.errors.ConfigurationError}s) with a message that says what to do; other
     * connection failures are {@link IOException}s (they may be transient).
     */
    public static SshShell connect(SshTarget target) throws IOException {
        return connect(target, true);
    }

    /**
     * Logs in as {@link #connect(SshTarget)} does; with {@code recordNewHostKey} false, a new
     * host's key that accept-new takes is not written to known_hosts ({@link #hostKeyUnrecorded()}).
     */
    public static SshShell connect(SshTarget target, boolean recordNewHostKey) throws IOException {
        JSch jsch = new JSch();
        String key = target.privateKey().addTo(jsch);
        KnownHostsCheck hostKeys = new KnownHostsCheck(target, recordNewHostKey);
        jsch.setHostKeyRepository(hostKeys);
        try {
            Session session = jsch.getSession(target.user(), target.host(), target.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("PubkeyAcceptedAlgorithms", SIGNATURE_ALGORITHMS);
            session.setServerAliveInterval(target.keepaliveSeconds() * 1000);
            session.setServerAliveCountMax(target.keepaliveCountMax());
            session.connect(target.connectTimeoutSeconds() * 1000);
            LOG.debug("SSH session open to {} with key {} (cipher {})", target.describe(), key,
                    session.getConfig("cipher.s2c"));
            return new SshShell(session, target, hostKeys);
        } catch (JSchHostKeyException e) {
            throw hostKeys.refusal(e);
        } catch (JSchException e) {
            if (String.valueOf(e.getMessage()).startsWith("Auth fail")) {
                throw new FatalError("SSH login refused: " + target.user() + " on " + target.host() + ":"
                        + target.port() + " does not accept the key " + target.privateKey().file() + " (" + key
                        + "); add its public key to that account's ~/.ssh/authorized_keys, or check ssh.user "
                        + "and ssh.private_key_path", e);
            }
            throw new TransportException("cannot connect to " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
            throws IOException {
        StderrCollector stderr = new StderrCollector();
        GuardedOutputStream out = new GuardedOutputStream(stdout);
        Silence silence = new Silence();
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(script.getBytes(StandardCharsets.UTF_8));
            channel.setInputStream(silence.watch(stdin), false);
            channel.setOutputStream(silence.watch(out), true);
            channel.setErrStream(silence.watch(stderr), true);
            running.add(channel);
            channel.connect(target.connectTimeoutSeconds() * 1000);
            awaitClose(channel, silence, timeout);
            out.rethrowFailure();
            if (channel.getExitStatus() == -1 || !session.isConnected()) {
                // no exit status came back: the connection dropped (or the command was killed)
                throw new TransportException("SSH connection to " + target.describe() + " was lost before "
                        + "the remote command reported its exit status", null);
            }
            return stderr.result(channel.getExitStatus());
        } catch (JSchException e) {
            out.rethrowFailure();
            throw new TransportException("SSH channel to " + target.describe() + " failed: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                running.remove(channel);
                channel.disconnect();
            }
        }
    }

    /** Waits for the command's end; {@code timeout} is the longest silence allowed ({@link Silence}). */
    private void awaitClose(ChannelExec channel, Silence silence, Duration timeout) throws IOException {
        while (!channel.isClosed()) {
            if (!session.isConnected()) {
                throw new TransportException("SSH connection to " + target.describe() + " was lost", null);
            }
            if (silence.exceeds(timeout)) {
                throw Silence.stalled("the remote command on " + target.describe(), timeout);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the remote command", e);
            }
        }
    }

    /**
     * Opens an SFTP channel on this session (an off-site copy's account); the caller disconnects
     * it. A refusal is a {@link TransportException} (the account may have no SFTP subsystem).
     */
    public com.jcraft.jsch.ChannelSftp openSftp() throws IOException {
        try {
            com.jcraft.jsch.ChannelSftp channel = (com.jcraft.jsch.ChannelSftp) session.openChannel("sftp");
            channel.connect(target.connectTimeoutSeconds() * 1000);
            return channel;
        } catch (JSchException e) {
            throw new TransportException("SFTP channel to " + target.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether the host's key was taken under accept-new without being written to known_hosts. */
    public boolean hostKeyUnrecorded() {
        return hostKeys.acceptedUnrecorded();
    }

    /** The host key the server showed, as {@code <type> SHA256:…}. */
    public String hostKey() {
        return hostKeys.offeredKey();
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public void abort() {
        for (ChannelExec channel : running) {
            try {
                // the remote shell ends at once where sshd honours signal requests; its pipeline
                // ends anyway when the channel closes (SIGPIPE on write, end of file on read)
                channel.sendSignal("TERM");
            } catch (Exception e) {
                LOG.debug("no signal sent to the remote command on {}: {}", target.describe(), e.toString());
            }
            channel.disconnect();
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
