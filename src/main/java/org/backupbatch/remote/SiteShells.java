package org.backupbatch.remote;

import java.io.IOException;
import org.backupbatch.config.HostKeyPolicy;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.Transport;
import org.backupbatch.ssh.LocalShell;
import org.backupbatch.ssh.PrivateKeyFile;
import org.backupbatch.ssh.Shell;
import org.backupbatch.ssh.SshShell;
import org.backupbatch.ssh.SshTarget;

/** Opens the {@link Shell} a site's transport calls for: its SSH account, or this machine. */
public final class SiteShells {

    private SiteShells() {
    }

    public static Shell open(SiteConfig config) throws IOException {
        if (config.site().transport() == Transport.LOCAL) {
            return new LocalShell();
        }
        return SshShell.connect(target(config.ssh()));
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
