package org.backupbatch.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %maskedMsg} in {@link LogSetup}'s patterns: the message with every secret this process knows
 * masked ({@link ShownWords#masked}), whoever logs it (our code, Spring, a JDBC driver).
 */
public class MaskedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return ShownWords.masked(super.convert(event));
    }
}
