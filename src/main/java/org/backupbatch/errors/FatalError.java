package org.backupbatch.errors;

/**
 * An error the user can act on: unknown site, bad YAML, host key changed, checksum mismatch.
 * Its message is printed as one line, without a stack trace; anything else is a bug or an
 * unexpected failure and is logged with its stack.
 */
public class FatalError extends RuntimeException {

    public FatalError(String message) {
        super(message);
    }

    public FatalError(String message, Throwable cause) {
        super(message, cause);
    }
}
