package org.backupbatch.remote;

import java.io.IOException;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.Transport;
import org.backupbatch.ssh.LocalShell;
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

    static SshTarget target(SiteConfig.Ssh ssh) {
        return new SshTarget(ssh.host(), ssh.port(), ssh.user(), ssh.privateKeyPath(), ssh.knownHosts(),
                ssh.connectTimeoutSeconds(), ssh.keepaliveSeconds(), ssh.keepaliveCountMax());
    }
}
