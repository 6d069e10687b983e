/**
 * The restore job: verify the archive (sums, CRCs, path escapes) → plan → safety snapshot of what
 * will be overwritten → restore files → restore database (DEFINER and URL rewritten) → check the
 * result. Its tasklets call {@code remote}, {@code archive}, {@code retention} and {@code config};
 * {@code restore.sql} rewrites dumps. Never imports {@code backup} or {@code cli}.
 */
package org.backupbatch.restore;
