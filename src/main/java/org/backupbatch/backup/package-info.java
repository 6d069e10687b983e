/**
 * The backup job: its Spring Batch configuration, thin tasklets, and the plain classes they call
 * to stream a site's files and dump its database through a {@link org.backupbatch.ssh.Shell}.
 * May import {@code ssh}, {@code archive}, {@code retention}, {@code config} and {@code errors};
 * never {@code cli}.
 */
package org.backupbatch.backup;
