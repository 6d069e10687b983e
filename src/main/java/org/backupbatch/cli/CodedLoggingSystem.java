package org.backupbatch.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Spring Boot's Logback system, whose defaults are {@link LogSetup}'s, in code, instead of a
 * {@code logback-spring.xml}: Boot still applies {@code logging.level.*} words, bridges
 * {@code java.util.logging} and stops Logback at exit. Registered in {@code META-INF/spring.factories}.
 */
public class CodedLoggingSystem extends LogbackLoggingSystem {

    /** The log file when none is named (a job always names {@code <home>/logs/backup-batch.log}). */
    private static final String DEFAULT_FILE = "logs/backup-batch.log";

    public CodedLoggingSystem(ClassLoader classLoader) {
        super(classLoader);
    }

    @Override
    protected void loadDefaults(LoggingInitializationContext initializationContext, LogFile logFile) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.stop();
        context.reset();
        LogSetup.withFile(context, logFile != null ? logFile.toString() : DEFAULT_FILE);
    }

    /** Chosen before Boot's own Logback factory when Logback is what SLF4J binds to. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Factory implements LoggingSystemFactory {

        @Override
        public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
            return LoggerFactory.getILoggerFactory() instanceof LoggerContext ? new CodedLoggingSystem(classLoader)
                    : null;
        }
    }
}
