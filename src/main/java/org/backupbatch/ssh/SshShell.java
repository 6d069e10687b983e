package org.backupbatch.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.backupbatch.errors.FatalError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH session (JSch) to a site's account; each {@link #run} opens an exec channel on it.
 * The host key must be in the configured known_hosts: an unknown or changed key is refused.
 * The command's stdout is written by JSch's session thread straight into the caller's stream
 * (no pipe, flat memory) and stderr into a {@link StderrCollector}, so both drain concurrently.
 */
public final class SshShell implements Shell {

    private static final Logger LOG = LoggerFactory.getLogger(SshShell.class);
    private static final long POLL_MILLIS = 20;

    private final Session session;
    private final SshTarget target;
    private volatile ChannelExec running;

    private SshShell(Session session, SshTarget target) {
        this.session = session;
        this.target = target;
    }

    /**
     * Logs in. Authentication and host-key problems are {@link FatalError}s with a message that
     * says what to do; other connection failures are {@link IOException}s (they may be transient).
     */
    public static SshShell connect(SshTarget target) throws IOException {
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(target.knownHosts().toString());
            jsch.addIdentity(target.privateKey().toString());
            Session session = jsch.getSession(target.user(), target.host(), target.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setServerAliveInterval(target.keepaliveSeconds() * 1000);
            session.setServerAliveCountMax(target.keepaliveCountMax());
            session.connect(target.connectTimeoutSeconds() * 1000);
            LOG.debug("SSH session open to {} (cipher {})", target.describe(), session.getConfig("cipher.s2c"));
            return new SshShell(session, target);
        } catch (JSchUnknownHostKeyException e) {
            throw new FatalError("host key of " + target.host() + ":" + target.port() + " is not in "
                    + target.knownHosts() + "; check it and add it, e.g. ssh-keyscan -p " + target.port() + " "
                    + target.host() + " >> " + target.knownHosts(), e);
        } catch (JSchChangedHostKeyException e) {
            throw new FatalError("host key of " + target.host() + ":" + target.port() + " has CHANGED (known_hosts "
                    + target.knownHosts() + "); refusing to connect: someone may be intercepting the connection", e);
        } catch (JSchException e) {
            if (String.valueOf(e.getMessage()).contains("Auth fail")) {
                throw new FatalError("SSH login refused for " + target.describe() + " with key "
                        + target.privateKey() + ": is its public key in the account's authorized_keys?", e);
            }
            throw new TransportException("cannot connect to " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
            throws IOException {
        StderrCollector stderr = new StderrCollector();
        GuardedOutputStream out = new GuardedOutputStream(stdout);
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(script.getBytes(StandardCharsets.UTF_8));
            channel.setInputStream(stdin, false);
            channel.setOutputStream(out, true);
            channel.setErrStream(stderr, true);
            running = channel;
            channel.connect(target.connectTimeoutSeconds() * 1000);
            awaitClose(channel, timeout);
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
            running = null;
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    private void awaitClose(ChannelExec channel, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!channel.isClosed()) {
            if (!session.isConnected()) {
                throw new TransportException("SSH connection to " + target.describe() + " was lost", null);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("remote command on " + target.describe() + " did not end within " + timeout);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the remote command", e);
            }
        }
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public void abort() {
        ChannelExec channel = running;
        if (channel != null) {
            channel.disconnect();
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
