/**
 * Running shell commands where the site lives: over SSH (JSch sessions with host-key checking,
 * timeouts and keepalive) or on this machine for the {@code local} transport. A command's stdout
 * is a stream handed to the caller, its stderr is drained concurrently, and its exit status is
 * checked; every value placed in a command goes through {@link org.backupbatch.ssh.ShellQuote}.
 * Imports nothing from other org.backupbatch packages but {@code errors}.
 */
package org.backupbatch.ssh;
