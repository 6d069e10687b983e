package org.backupbatch.ssh;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;

/**
 * An OpenSSH {@code known_hosts} file: read into JSch's repository, and appended to when a new
 * host's key is accepted. As {@code ssh} does, a new line is hashed ({@code |1|salt|hash}) when the
 * file already holds hashed lines and plain otherwise; a missing file is created 0600 (its folder
 * 0700). Appending takes a lock and looks again first, so two runs accepting the same host at
 * once write one line.
 */
final class KnownHostsFile {

    private static final String HASHED = "|1|";

    private final Path file;

    KnownHostsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The file's entries as JSch checks them; a missing file holds none. */
    HostKeyRepository load() {
        return parse(content());
    }

    /**
     * Appends {@code host}'s key unless the file holds a key for that host by now.
     *
     * @param host the name as known_hosts spells it: {@code host}, or {@code [host]:port}
     * @param key  the key blob (SSH wire format)
     * @return {@link HostKeyRepository#OK} when the key is now on record, or what the file holds
     *         instead ({@link HostKeyRepository#CHANGED}) when another run recorded another key
     */
    int append(String host, byte[] key) {
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 FileLock lock = channel.lock()) {
                String content = content();
                HostKeyRepository now = parse(content);
                int known = now.check(host, key);
                if (known != HostKeyRepository.NOT_INCLUDED || now.getHostKey(host, null).length > 0) {
                    return known == HostKeyRepository.OK ? known : HostKeyRepository.CHANGED;
                }
                String separator = content.isEmpty() || content.endsWith("\n") ? "" : "\n";
                String name = content.lines().anyMatch(l -> l.startsWith(HASHED)) ? hash(host) : host;
                String line = separator + name + " " + Fingerprints.type(key) + " "
                        + Base64.getEncoder().encodeToString(key) + "\n";
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
                return HostKeyRepository.OK;
            }
        } catch (IOException e) {
            throw new FatalError("cannot record the host key of " + host + " in " + file + ": " + e, e);
        }
    }

    private String content() {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        } catch (AccessDeniedException e) {
            throw new ConfigurationError("ssh.known_hosts: cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new ConfigurationError("ssh.known_hosts: cannot read " + file + ": " + e, e);
        }
    }

    private static HostKeyRepository parse(String content) {
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(new ByteArrayInputStream(content.getBytes(StandardCharsets.ISO_8859_1)));
            return jsch.getHostKeyRepository();
        } catch (JSchException e) {
            throw new IllegalStateException("JSch cannot hold known_hosts entries", e);
        }
    }

    /** OpenSSH's hashed host name: {@code |1|} base64(salt) {@code |} base64(HMAC-SHA1(salt, host)). */
    private static String hash(String host) {
        try {
            byte[] salt = new byte[20];
            new SecureRandom().nextBytes(salt);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder base64 = Base64.getEncoder();
            return HASHED + base64.encodeToString(salt) + "|" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA1", e);
        }
    }

    /** True when the file holds hashed host names (new lines are hashed too). */
    boolean isHashed() {
        return content().lines().anyMatch(l -> l.startsWith(HASHED));
    }
}
