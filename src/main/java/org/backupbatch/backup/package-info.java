/**
 * The backup job: its Spring Batch configuration and thin tasklets that call the plain classes
 * of {@code remote} (files stream, dump), {@code archive} (stitching, verification) and
 * {@code retention}; and the check of work files before a restart reuses them. Never imports
 * {@code cli} or {@code restore}.
 */
package org.backupbatch.backup;
