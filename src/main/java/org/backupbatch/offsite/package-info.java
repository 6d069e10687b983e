/**
 * Off-site copies of published backups: S3-compatible object storage (AWS SDK v2, multipart) and
 * SFTP (JSch). Uploads advance one unit at a time (a part, a slice) over a plain string map of
 * state that the backup's {@code copyOffsite} step keeps in its execution context, so a cut or
 * killed run resumes where it stopped; each file is read back and checked (size, sha256) before
 * the next, and the {@code .sha256} goes last. Plain classes: never imports Spring Batch, {@code
 * cli}, {@code backup} or {@code restore}.
 */
package org.backupbatch.offsite;
