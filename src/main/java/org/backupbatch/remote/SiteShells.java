package org.backupbatch.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.backupbatch.errors.StopRequest;
import org.backupbatch.ssh.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.backupbatch.config.HostKeyPolicy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.Transport;
import org.backupbatch.ssh.LocalShell;
import org.backupbatch.ssh.PrivateKeyFile;
import org.backupbatch.ssh.Shell;
import org.backupbatch.ssh.SshShell;
import org.backupbatch.ssh.SshTarget;

/**
 * Opens the {@link Shell} a site's transport calls for: its SSH account, or this machine. Every
 * shell open in the process is known here, so that a stop (a signal, a thread dead by an error)
 * ends every remote command at once, whichever step opened it; once a stop is asked for, no new
 * shell opens.
 */
public final class SiteShells {

    private static final Logger LOG = LoggerFactory.getLogger(SiteShells.class);
    private static final Set<Shell> OPEN = ConcurrentHashMap.newKeySet();

    private SiteShells() {
    }

    public static Shell open(SiteConfig config) throws IOException {
        if (StopRequest.requested()) {
            throw new StopRequest.Stopped("not connecting to " + config.site().name());
        }
        Shell shell = config.site().transport() == Transport.LOCAL ? new LocalShell()
                : SshShell.connect(target(config.ssh()));
        Tracked tracked = new Tracked(shell);
        OPEN.add(tracked);
        if (StopRequest.requested()) { // asked for while connecting
            tracked.close();
            throw new StopRequest.Stopped("not running commands on " + shell.describe());
        }
        return tracked;
    }

    /** Ends the command each open shell runs (from a thread other than the one waiting for it). */
    public static void abortAll() {
        for (Shell shell : OPEN) {
            LOG.info("ending the remote command on {}", shell.describe());
            shell.abort();
        }
    }

    /** A shell that leaves {@link #OPEN} when it is closed. */
    private record Tracked(Shell shell) implements Shell {

        @Override
        public CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
                throws IOException {
            if (StopRequest.requested()) {
                throw new StopRequest.Stopped("not running more commands on " + shell.describe());
            }
            return shell.run(script, stdin, stdout, timeout);
        }

        @Override
        public String describe() {
            return shell.describe();
        }

        @Override
        public void abort() {
            shell.abort();
        }

        @Override
        public void close() {
            OPEN.remove(this);
            shell.close();
        }
    }

    /**
     * Opens the site's shell for a check that must leave no trace: a new host's key that
     * {@code ssh.host_key_policy: accept-new} would record is accepted for this session only
     * (ask the shell, an {@link SshShell}, whether that happened).
     */
    public static Shell openWithoutRecording(SiteConfig config) throws IOException {
        if (config.site().transport() == Transport.LOCAL) {
            return new LocalShell();
        }
        return SshShell.connect(target(config.ssh()), false);
    }

    static SshTarget target(SiteConfig.Ssh ssh) {
        String passphrase = ssh.privateKeyPassphrase() == null ? null : ssh.privateKeyPassphrase().reveal();
        return new SshTarget(ssh.host(), ssh.port(), ssh.user(), new PrivateKeyFile(ssh.privateKeyPath(), passphrase),
                ssh.knownHosts(), ssh.hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW, ssh.connectTimeoutSeconds(),
                ssh.keepaliveSeconds(), ssh.keepaliveCountMax());
    }
}
