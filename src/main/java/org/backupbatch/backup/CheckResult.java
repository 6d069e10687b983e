package org.backupbatch.backup;

import java.util.Objects;

/**
 * The outcome of one check of {@link SiteChecks}, as {@code job=validate} prints it: {@code ok
 * <check>: <detail>}, or {@code warning|error <check>: <cause>; fix: <fix>}. One line whatever
 * a message holds: line breaks in a cause (a remote tool's stderr) are written {@code \n}.
 *
 * @param fix what to do about it; null for {@link Outcome#OK}
 */
public record CheckResult(Outcome outcome, String check, String cause, String fix) {

    /** How a check ended; an error fails the validation, a warning does not. */
    public enum Outcome {
        OK, WARNING, ERROR
    }

    public CheckResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(cause, "cause");
    }

    public static CheckResult ok(String check, String detail) {
        return new CheckResult(Outcome.OK, check, detail, null);
    }

    public static CheckResult warning(String check, String cause, String fix) {
        return new CheckResult(Outcome.WARNING, check, cause, fix);
    }

    public static CheckResult error(String check, String cause, String fix) {
        return new CheckResult(Outcome.ERROR, check, cause, fix);
    }

    /** {@code ok ssh login: …}, {@code error database login: …; fix: …}. */
    public String line() {
        String text = outcome.name().toLowerCase(java.util.Locale.ROOT) + " " + check + ": " + cause
                + (fix == null ? "" : "; fix: " + fix);
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
