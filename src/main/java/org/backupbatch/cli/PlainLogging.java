package org.backupbatch.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Logging for a command that runs without Spring and writes nothing ({@code job=validate}):
 * warnings to stderr, no log file ({@link LogSetup#plain}). Without it Logback's default would
 * print every debug line to stdout, where only the command's own lines belong.
 */
final class PlainLogging {

    private PlainLogging() {
    }

    static void configure() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        LogSetup.plain(context);
    }
}
