package org.backupbatch.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * Logging for a command that runs without Spring and writes nothing ({@code job=validate}):
 * {@code logback-plain.xml}, warnings to stderr, no log file. Without it Logback's default would
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
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(PlainLogging.class.getResource("/logback-plain.xml"));
        } catch (JoranException e) {
            System.err.println("warning: logging not configured: " + e.getMessage());
        }
    }
}
