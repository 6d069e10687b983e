package org.backupbatch.ssh;

import java.nio.file.Path;

/**
 * Where and how to log in over SSH.
 *
 * @param port                   TCP port; usually 22
 * @param privateKey             the private key file (key authentication only)
 * @param knownHosts             the known_hosts file the server's host key must be found in
 * @param connectTimeoutSeconds  for the TCP connection and the SSH handshake
 * @param keepaliveSeconds       interval between keepalive messages; also the socket read timeout
 * @param keepaliveCountMax      unanswered keepalives before the connection is declared dead (above 1)
 */
public record SshTarget(String host, int port, String user, Path privateKey, Path knownHosts,
        int connectTimeoutSeconds, int keepaliveSeconds, int keepaliveCountMax) {

    /** {@code user@host:port}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }
}
