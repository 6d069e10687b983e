/**
 * The two error families: {@link org.backupbatch.errors.FatalError} for what a user can act on
 * (printed as one line), everything else for bugs and unexpected failures (logged with a stack).
 * Imports nothing from the rest of the application.
 */
package org.backupbatch.errors;
