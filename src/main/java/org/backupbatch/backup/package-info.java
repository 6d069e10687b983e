/**
 * The backup job: its Spring Batch configuration and thin tasklets that call the plain classes
 * of {@code remote} (files stream, dump), {@code archive} (stitching, verification) and
 * {@code retention}; the check of work files before a restart reuses them; and {@code
 * SitePruning}, the site's retention, which {@code cli}'s {@code job=prune} runs too. Never imports
 * {@code cli} or {@code restore}.
 */
package org.backupbatch.backup;
