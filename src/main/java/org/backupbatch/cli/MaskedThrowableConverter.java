package org.backupbatch.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %maskedEx} in {@link LogSetup}'s patterns: a logged exception's stack trace, messages of every
 * cause included, with every secret this process knows masked ({@link ShownWords#masked}).
 */
public class MaskedThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return ShownWords.masked(super.convert(event));
    }
}
