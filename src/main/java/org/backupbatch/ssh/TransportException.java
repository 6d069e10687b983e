package org.backupbatch.ssh;

import java.io.IOException;

/**
 * The connection failed, not the command: the SSH session could not be opened, was reset, or
 * was lost (keepalive unanswered). Trying again later may work.
 */
public class TransportException extends IOException {

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
