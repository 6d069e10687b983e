/**
 * SQL dumps: reading and rewriting them as they stream. {@link org.backupbatch.sql.DumpRewriter} streams a
 * mysqldump through, turning every {@code DEFINER=user@host} into {@code DEFINER=CURRENT_USER}
 * (shared hosts give no SUPER privilege) and replacing site URLs in the data, plain and
 * JSON-escaped, PHP-serialized values included; {@link org.backupbatch.sql.DumpRowCounter}
 * counts rows per table as a dump goes by. Dumps are handled as bytes (ISO-8859-1 chars, one per byte), so nothing in
 * their utf8mb4 content is lost or re-encoded.
 *
 * <p>Plain Java; imports nothing from other {@code org.backupbatch} packages but {@code errors}.
 */
package org.backupbatch.sql;
