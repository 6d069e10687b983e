package org.backupbatch.cli;

import org.backupbatch.errors.ConfigurationError;
import org.springframework.batch.core.BatchStatus;

/**
 * The one place outcomes become exit codes (PRODUCT §2): 0 completed, 1 failed (re-run the same
 * command to resume), 2 bad usage or configuration, 3 already running for this site.
 */
final class ExitCodes {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIGURATION = 2;
    static final int ALREADY_RUNNING = 3;

    private ExitCodes() {
    }

    static int of(BatchStatus status, Throwable failure) {
        if (status == BatchStatus.COMPLETED) {
            return COMPLETED;
        }
        return causedBy(failure, ConfigurationError.class) != null ? BAD_CONFIGURATION : FAILED;
    }

    /**
     * Of two sites' outcomes, the one a run over several sites exits with: a failure first (a
     * re-run resumes it), then bad configuration, then a busy site.
     */
    static int worst(int a, int b) {
        for (int code : new int[] {FAILED, BAD_CONFIGURATION, ALREADY_RUNNING}) {
            if (a == code || b == code) {
                return code;
            }
        }
        return COMPLETED;
    }

    /** The first throwable of that type in the cause chain, or null. */
    static <T extends Throwable> T causedBy(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
