package org.backupbatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Logback configured in code. An XML configuration costs every start about 700 more classes
 * (Joran's model and processors, the JDK's XML parser) for a dozen settings (issue 12).
 * Logs go to stderr (stdout carries only the summary line) and, for a job, to the log file under
 * the home folder. A message is one line: a line break in it (a file or table name may hold one)
 * is written {@code \n} or {@code \r}, so no name can forge a log line; every message and stack
 * trace goes through {@link ShownWords#masked}, so no secret the process knows is written.
 */
final class LogSetup {

    /** The message, masked and on one line, then the stack trace if any, masked. */
    private static final String MESSAGE = "%replace(%replace(%maskedMsg){'\\r', '\\\\r'}){'\\n', '\\\\n'}%n%maskedEx";
    private static final String STDERR_PATTERN = "%d{HH:mm:ss.SSS} %-5level " + MESSAGE;
    private static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - "
            + MESSAGE;

    /**
     * Levels set apart from the root's. Step failures, start-up failures and "step already
     * complete" are reported by our own launcher ({@link JobCommand}, {@link Main}): one line for a
     * user's error, where Spring would print a chain of bean-creation errors or a whole execution.
     */
    private static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("org.springframework.batch.core.step.AbstractStep", Level.OFF),
            Map.entry("org.springframework.batch.core.job.AbstractJob", Level.WARN),
            Map.entry("org.springframework.batch.core.job.SimpleStepHandler", Level.WARN),
            Map.entry("org.springframework.batch.core.launch", Level.WARN),
            Map.entry("com.zaxxer.hikari", Level.WARN),
            Map.entry("org.hsqldb", Level.WARN),
            Map.entry("hsqldb", Level.WARN),
            Map.entry("org.springframework.jdbc.datasource.init", Level.ERROR),
            Map.entry("org.springframework.boot.SpringApplication", Level.OFF),
            Map.entry("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter", Level.OFF),
            Map.entry("org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger", Level.WARN),
            Map.entry("org.springframework.context.annotation.AnnotationConfigApplicationContext", Level.ERROR));

    private LogSetup() {
    }

    /** Warnings and errors to stderr only, no file: a command that writes nothing ({@code job=validate}). */
    static void plain(LoggerContext context) {
        start(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr(context));
    }

    /**
     * Information to stderr and to {@code file} (rolled daily and at 20 MB, gzipped, 60 days and
     * 1 GB kept). The full chain of a start-up failure ({@code StartupFailure}, at debug) and
     * prune's decisions (already on stdout) go to the file only.
     */
    static void withFile(LoggerContext context, String file) {
        start(context);
        Appender<ILoggingEvent> fileAppender = file(context, file);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr(context));
        root.addAppender(fileAppender);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        fileOnly(context, StartupFailure.class.getName(), Level.DEBUG, fileAppender);
        fileOnly(context, PruneCommand.class.getName() + ".decisions", Level.INFO, fileAppender);
    }

    private static void start(LoggerContext context) {
        Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
        rules.put("maskedMsg", MaskedMessageConverter::new);
        rules.put("maskedEx", MaskedThrowableConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    }

    private static void fileOnly(LoggerContext context, String name, Level level, Appender<ILoggingEvent> file) {
        Logger logger = context.getLogger(name);
        logger.setLevel(level);
        logger.setAdditive(false);
        logger.addAppender(file);
    }

    private static Appender<ILoggingEvent> stderr(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, STDERR_PATTERN));
        appender.start();
        return appender;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, String file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(FileSize.valueOf("20MB"));
        policy.setMaxHistory(60);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, FILE_PATTERN));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
