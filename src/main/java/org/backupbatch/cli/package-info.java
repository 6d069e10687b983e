/**
 * The command line: {@code job=… site=… key=value} words, launching, restarting and recovering
 * runs through {@code JobOperator}, the one place that maps outcomes to exit codes, and the
 * summary line. Everything else is called from here; nothing imports this package.
 */
package org.backupbatch.cli;
