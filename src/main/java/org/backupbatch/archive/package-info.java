/**
 * The archive format: which files a site's patterns select, the tar.gz stitched from gzip members
 * as received (no local decompress + recompress), the manifest, sha256 sums, the verifier that
 * re-reads a finished archive to its end blocks, and the sorted path lists on disk that restore
 * compares (a backup's paths with a site's) in flat memory; and encryption at rest (OpenPGP with
 * BouncyCastle: {@code OpenPgp*}, {@link org.backupbatch.archive.EncryptedArchive}). Plain Java;
 * imports nothing from other org.backupbatch packages but {@code errors}.
 */
package org.backupbatch.archive;
