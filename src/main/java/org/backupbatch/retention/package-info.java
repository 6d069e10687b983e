/**
 * The backups of a site as they lie on disk (names, ids, which are complete), the retention
 * policy (a pure function from that list to what is kept and what is removed, with reasons:
 * {@link org.backupbatch.retention.RetentionPolicy}, restic's {@code forget} rules in {@link
 * org.backupbatch.retention.KeepRules}), and the {@link org.backupbatch.retention.Pruner} that
 * applies it under the site's lock. Imports nothing from other org.backupbatch packages but
 * {@code archive}: {@code PrivateFiles} (the owner-only modes of what it writes) and {@code
 * Manifest} (a backup's site and kind, and the records {@link org.backupbatch.retention.BackupListing} reads).
 */
package org.backupbatch.retention;
