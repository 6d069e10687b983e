/**
 * Notices of a run's outcome (the site's {@code notify} settings): a JSON POST to a webhook
 * and/or a mail through the site's SMTP server, sent after the summary line is printed. A notice
 * is best effort: one that cannot be sent is a warning in the log, bounded in time, and never
 * changes the exit code. Imports {@code config} only; never Spring Batch.
 */
package org.backupbatch.notify;
