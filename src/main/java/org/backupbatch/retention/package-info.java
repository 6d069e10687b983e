/**
 * The backups of a site as they lie on disk (names, ids, which are complete) and the retention
 * policy, a pure function from that list to what is kept and what is removed, with reasons.
 * Imports nothing from other org.backupbatch packages but {@code archive.PrivateFiles} (the
 * owner-only modes of what it writes) and the manifest records {@link BackupListing} reads.
 */
package org.backupbatch.retention;
