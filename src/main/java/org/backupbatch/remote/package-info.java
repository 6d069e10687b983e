/**
 * What runs on the site's host, through a {@link org.backupbatch.ssh.Shell}: the checks of a
 * site (tools, folder, database login), the files stream and its restore (listings of the
 * site's folder, mirror deletions, the files check), the database dump and load, with the
 * option file that carries database credentials, and the retries of transport failures. Plain
 * classes, called by the backup and restore jobs' tasklets; never imports Spring Batch.
 */
package org.backupbatch.remote;
