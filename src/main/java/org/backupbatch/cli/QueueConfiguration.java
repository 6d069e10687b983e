package org.backupbatch.cli;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * RabbitMQ's connection, template and admin, for a fleet ({@code mode=distributed}) and its
 * workers: {@link Main} adds it to the context of those runs only. Not a member of {@code Main},
 * whose member classes Spring would read as configurations of every run.
 */
@ImportAutoConfiguration(RabbitAutoConfiguration.class)
class QueueConfiguration {
}
