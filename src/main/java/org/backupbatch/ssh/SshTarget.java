package org.backupbatch.ssh;

import java.nio.file.Path;

/**
 * Where and how to log in over SSH.
 *
 * @param port                   TCP port; usually 22
 * @param privateKey             the private key (key authentication only) and its passphrase
 * @param knownHosts             the known_hosts file the server's host key must be found in
 * @param acceptNewHostKeys      true to record the key of a host that known_hosts does not name
 *                               yet (OpenSSH's {@code accept-new}); a changed key is refused anyway
 * @param connectTimeoutSeconds  for the TCP connection and the SSH handshake
 * @param keepaliveSeconds       interval between keepalive messages; also the socket read timeout
 * @param keepaliveCountMax      unanswered keepalives before the connection is declared dead (above 1)
 */
public record SshTarget(String host, int port, String user, PrivateKeyFile privateKey, Path knownHosts,
        boolean acceptNewHostKeys, int connectTimeoutSeconds, int keepaliveSeconds, int keepaliveCountMax) {

    /** {@code user@host:port}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    /** The host as known_hosts names it: {@code host} on port 22, {@code [host]:port} elsewhere. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
