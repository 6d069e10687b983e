package org.backupbatch.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Where commands run: the site's SSH account ({@link SshShell}) or this machine
 * ({@link LocalShell}). One instance is owned by one step and closed by it.
 */
public interface Shell extends AutoCloseable {

    /**
     * Runs a POSIX shell script and waits for it to end.
     *
     * @param script  the script; every value in it quoted with {@link ShellQuote}
     * @param stdin   bytes fed to the script's stdin, then end-of-file; null for none
     * @param stdout  receives the script's stdout as it arrives; not closed here
     * @param timeout how long the whole command may take
     * @return the exit status and stderr; never null
     * @throws IOException when the transport fails or {@code stdout} throws
     */
    CommandResult run(String script, InputStream stdin, OutputStream stdout, Duration timeout)
            throws IOException;

    /** A short description for messages, e.g. {@code bbtest@ssh.example.net:22}. */
    String describe();

    /** Stops the running command, if any, from another thread (the step being stopped). */
    void abort();

    @Override
    void close();
}
