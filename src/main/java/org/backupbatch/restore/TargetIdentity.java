package org.backupbatch.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.backupbatch.config.SiteConfig;

/**
 * Which place a restore writes into: the SSH account and folder of the target site, and its
 * database (host, port or socket, name, user; never the password). Fixed once, by the first plan
 * of a restore, and compared by every later step and every re-run: a restore never writes
 * anywhere else, whatever a restored {@code wp-config.php} or an edited site file now says.
 *
 * @param sshHost    the SSH host, or {@code local} for the local transport
 * @param dbName     null when the restore has no database to write and none is known
 * @param origin     where the database came from (the site file, the target's own
 *                   wp-config.php, the record an unfinished restore kept); not compared
 */
public record TargetIdentity(String sshHost, int sshPort, String sshUser, String remotePath, String dbHost,
        int dbPort, String dbSocket, String dbName, String dbUser, String origin) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    static TargetIdentity of(SiteConfig target, SiteConfig.Database db, String origin) {
        SiteConfig.Ssh ssh = target.ssh();
        return new TargetIdentity(ssh == null ? "local" : ssh.host(), ssh == null ? 0 : ssh.port(),
                ssh == null ? null : ssh.user(), target.files().remotePath(),
                db == null ? null : db.host(), db == null ? 0 : db.port(), db == null ? null : db.socket(),
                db == null ? null : db.name(), db == null ? null : db.user(), origin);
    }

    /** Whether both name the same places (the origin apart). */
    boolean samePlaceAs(TargetIdentity other) {
        return sshHost.equals(other.sshHost) && sshPort == other.sshPort && Objects.equals(sshUser, other.sshUser)
                && remotePath.equals(other.remotePath) && Objects.equals(database(), other.database());
    }

    /** The database as {@code user@host:port/name} (or {@code user@socket/name}); null when none. */
    String database() {
        if (dbName == null) {
            return null;
        }
        return SiteConfig.Database.identity(dbUser, dbHost, dbPort, dbSocket, dbName);
    }

    /** The files' place as {@code user@host:port:folder}. */
    String folder() {
        return (sshUser == null ? "" : sshUser + "@") + sshHost + (sshPort == 0 ? "" : ":" + sshPort) + ":"
                + remotePath;
    }

    /**
     * Whether the database server is the one reached as {@code host} on the same SSH host: a
     * loopback name and a socket all mean the server of that host.
     */
    boolean sameDatabaseServer(String otherSshHost, String host) {
        if (!sshHost.equals(otherSshHost) || host == null) {
            return false;
        }
        return local(dbSocket != null ? dbSocket : dbHost) ? local(host)
                : host.toLowerCase(Locale.ROOT).equals(dbHost.toLowerCase(Locale.ROOT));
    }

    private static boolean local(String host) {
        return host.startsWith("/") || LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }

    String describe() {
        return "folder " + folder() + (dbName == null ? "" : ", database " + database() + " (from " + origin + ")");
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static TargetIdentity fromJson(String json) {
        try {
            return JSON.readValue(json, TargetIdentity.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable target identity " + json, e);
        }
    }
}
