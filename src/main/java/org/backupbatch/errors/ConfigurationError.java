package org.backupbatch.errors;

/**
 * Bad usage or bad configuration: the message names the file, the field and why.
 * Mapped to exit code 2; re-running without fixing the cause cannot help.
 */
public class ConfigurationError extends FatalError {

    public ConfigurationError(String message) {
        super(message);
    }

    public ConfigurationError(String message, Throwable cause) {
        super(message, cause);
    }
}
