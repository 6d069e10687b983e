package org.backupbatch.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.UserInfo;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.backupbatch.errors.FatalError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host-key check of one connection, as OpenSSH's {@code StrictHostKeyChecking} {@code yes}
 * (strict) or {@code accept-new}: the key the server offers must be the one known_hosts holds for
 * it; a host known_hosts does not name at all is refused, or, under accept-new, recorded. A host
 * known under other keys only (another type) counts as changed, not new. JSch asks this class
 * and, when it says no, throws; {@link #refusal} then turns that into a message with the host,
 * both fingerprints and the commands that fix it once the user has checked with the host.
 */
final class KnownHostsCheck implements HostKeyRepository {

    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsCheck.class);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private final KnownHostsFile file;
    private final HostKeyRepository known;
    private final boolean acceptNew;
    private final boolean record;
    private final SshTarget target;
    private volatile byte[] offered;
    private volatile boolean acceptedUnrecorded;

    KnownHostsCheck(SshTarget target) {
        this(target, true);
    }

    /**
     * @param record false to accept a new host's key under accept-new without writing it to
     *               known_hosts (a check that must leave no trace): see {@link #acceptedUnrecorded()}
     */
    KnownHostsCheck(SshTarget target, boolean record) {
        this.target = target;
        this.file = new KnownHostsFile(target.knownHosts());
        this.known = file.load();
        this.acceptNew = target.acceptNewHostKeys();
        this.record = record;
    }

    /** Whether a new host's key was accepted, under accept-new, but not written down. */
    boolean acceptedUnrecorded() {
        return acceptedUnrecorded;
    }

    /** The key the server offered, as {@code <type> SHA256:…}; null before the handshake. */
    String offeredKey() {
        return offered == null ? null : Fingerprints.describe(offered);
    }

    @Override
    public int check(String host, byte[] key) {
        offered = key.clone();
        int result = known.check(host, key);
        if (result != NOT_INCLUDED) {
            return result;
        }
        if (known.getHostKey(host, null).length > 0) {
            return CHANGED;
        }
        if (!acceptNew) {
            return NOT_INCLUDED;
        }
        if (!record) {
            acceptedUnrecorded = true;
            return OK;
        }
        int recorded = file.append(host, key);
        if (recorded == OK) {
            LOG.warn("Permanently added '{}' ({}) to the known hosts in {} (ssh.host_key_policy: accept-new)", host,
                    Fingerprints.describe(key), file.path());
        }
        return recorded;
    }

    /** The one-line error for a connection JSch refused because of the host key. */
    FatalError refusal(JSchHostKeyException e) {
        if (offered == null) {
            return new FatalError("host key of " + target.knownHostsName() + " refused: " + e.getMessage(), e);
        }
        if (e instanceof JSchRevokedHostKeyException) {
            return new FatalError("host key of " + target.knownHostsName() + " (" + Fingerprints.describe(offered)
                    + ") is marked @revoked in " + file.path() + "; refusing to connect", e);
        }
        return e instanceof JSchChangedHostKeyException ? changed(e) : unknown(e);
    }

    /** The error for a host whose key differs from the one on record, after {@link #check}. */
    FatalError changed(Throwable cause) {
        String name = target.knownHostsName();
        return new FatalError("host key of " + name + " has CHANGED: the server offers "
                + Fingerprints.describe(offered) + ", " + file.path() + " holds " + String.join(", ", knownKeys(name))
                + "; refusing to connect: someone may be intercepting the connection, or the host replaced its key. "
                + "Ask the host which key is right; if it is the new one, replace the old: ssh-keygen -R "
                + word(name) + " -f " + word(file.path().toString()) + " && " + keyscan(), cause);
    }

    /** The error for a host known_hosts does not name, under the strict policy, after {@link #check}. */
    FatalError unknown(Throwable cause) {
        return new FatalError("host key of " + target.knownHostsName() + " is unknown: " + file.path()
                + " holds no key for it; the server offers " + Fingerprints.describe(offered) + ". Check this "
                + "fingerprint with the host, then add it: " + keyscan() + " (or set ssh.host_key_policy: "
                + "accept-new to record a new host's key at the first connection)", cause);
    }

    private List<String> knownKeys(String name) {
        List<String> keys = new ArrayList<>();
        for (HostKey hostKey : known.getHostKey(name, null)) {
            keys.add(Fingerprints.describe(Base64.getDecoder().decode(hostKey.getKey())));
        }
        return keys;
    }

    /** The command that appends the host's key of that type, hashed when the file is. */
    private String keyscan() {
        String type = Fingerprints.type(offered);
        String scanType = type.startsWith("ecdsa-") ? "ecdsa" : type.startsWith("ssh-") ? type.substring(4) : type;
        return "ssh-keyscan " + (file.isHashed() ? "-H " : "") + (target.port() == 22 ? "" : "-p " + target.port()
                + " ") + "-t " + scanType + " " + word(target.host()) + " >> " + word(file.path().toString());
    }

    private static String word(String value) {
        return SHELL_SAFE.matcher(value).matches() ? value : ShellQuote.quote(value);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        throw new UnsupportedOperationException("host keys are recorded by check(), under accept-new only");
    }

    @Override
    public void remove(String host, String type) {
        throw new UnsupportedOperationException("known_hosts is never edited here");
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        throw new UnsupportedOperationException("known_hosts is never edited here");
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.path().toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
