/**
 * The backup job: its Spring Batch configuration and thin tasklets that call the plain classes
 * of {@code remote} (files stream, dump), {@code archive} (stitching, verification),
 * {@code retention} and {@code offsite} (the copyOffsite step, one upload unit per chunk;
 * {@code CopyChecks}, validate's look at the copies); the check of work files before a restart
 * reuses them; {@code SitePruning},
 * the site's retention, which {@code cli}'s {@code job=prune} runs too; and the validate checks
 * ({@code SiteChecks}, plain, no Spring Batch), which {@code cli}'s {@code job=validate} runs too
 * without writing. Never imports
 * {@code cli} or {@code restore}.
 */
package org.backupbatch.backup;
