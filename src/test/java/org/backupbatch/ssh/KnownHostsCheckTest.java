package org.backupbatch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.HostKeyRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-key decision and the known_hosts file it writes, checked against the real ssh-keygen
 * (which must find what we recorded, hashed or plain, and print the fingerprints we print).
 */
class KnownHostsCheckTest {

    private static final String HOST = "[127.0.0.1]:2222";

    @TempDir
    Path dir;
    private Path serverKey;
    private byte[] serverBlob;
    private Path otherKey;

    @BeforeEach
    void keys() throws Exception {
        serverKey = SshKeyGen.generate(dir, "server", SshKeyGen.ALL_KINDS.get(0), "", "server");
        serverBlob = blob(serverKey);
        otherKey = SshKeyGen.generate(dir, "other", SshKeyGen.ALL_KINDS.get(0), "", "other");
    }

    @Test
    void strictRefusesAnUnknownHostOfferingItsFingerprintAndHowToAddIt() throws Exception {
        // given
        Path knownHosts = write("known_hosts", "example.org " + publicLine(otherKey));
        KnownHostsCheck check = check(knownHosts, false);
        // when
        int result = check.check(HOST, serverBlob);
        FatalError error = check.unknown(null);
        // then
        assertThat(result).isEqualTo(HostKeyRepository.NOT_INCLUDED);
        assertThat(Files.readString(knownHosts)).isEqualTo("example.org " + publicLine(otherKey));
        assertThat(error.getMessage()).isEqualTo("host key of [127.0.0.1]:2222 is unknown: " + knownHosts
                + " holds no key for it; the server offers ssh-ed25519 " + fingerprint(serverKey) + ". Check this "
                + "fingerprint with the host, then add it: ssh-keyscan -p 2222 -t ed25519 127.0.0.1 >> " + knownHosts
                + " (or set ssh.host_key_policy: accept-new to record a new host's key at the first connection)");
    }

    @Test
    void acceptNewCreatesAMissingFile0600AndRecordsThePlainLineSshKeygenFinds() throws Exception {
        // given
        Path knownHosts = dir.resolve("new/.ssh/known_hosts");
        // when
        int result = check(knownHosts, true).check(HOST, serverBlob);
        // then
        assertThat(result).isEqualTo(HostKeyRepository.OK);
        assertThat(Files.readString(knownHosts)).isEqualTo(HOST + " " + publicLine(serverKey));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts.getParent())))
                .isEqualTo("rwx------");
        assertThat(SshKeyGen.run(List.of("ssh-keygen", "-F", HOST, "-f", knownHosts.toString())))
                .contains(HOST + " ssh-ed25519 " + base64(serverKey));
        assertThat(check(knownHosts, false).check(HOST, serverBlob)).isEqualTo(HostKeyRepository.OK);
    }

    @Test
    void acceptNewHashesTheNewLineWhenTheFileIsHashed() throws Exception {
        // given
        Path knownHosts = write("known_hosts", "example.org " + publicLine(otherKey));
        SshKeyGen.run(List.of("ssh-keygen", "-H", "-f", knownHosts.toString()));
        String before = Files.readString(knownHosts);
        // when
        int result = check(knownHosts, true).check(HOST, serverBlob);
        // then
        assertThat(result).isEqualTo(HostKeyRepository.OK);
        String added = Files.readString(knownHosts).substring(before.length());
        assertThat(added).startsWith("|1|").endsWith(" ssh-ed25519 " + base64(serverKey) + "\n")
                .doesNotContain("127.0.0.1");
        assertThat(SshKeyGen.run(List.of("ssh-keygen", "-F", HOST, "-f", knownHosts.toString())))
                .contains("found: line 2").contains(base64(serverKey));
    }

    @Test
    void acceptNewRecordsAHostOnceAndEndsAnUnterminatedLastLineFirst() throws Exception {
        // given
        Path knownHosts = write("known_hosts", "example.org " + publicLine(otherKey).strip());
        // when
        check(knownHosts, true).check(HOST, serverBlob);
        check(knownHosts, true).check(HOST, serverBlob);
        // then
        assertThat(Files.readString(knownHosts)).isEqualTo("example.org " + publicLine(otherKey)
                + HOST + " " + publicLine(serverKey));
    }

    @Test
    void aChangedKeyIsRefusedUnderEitherPolicyNamingBothFingerprintsAndTheFix() throws Exception {
        // given
        Path knownHosts = write("known hosts", HOST + " " + publicLine(otherKey));
        for (boolean acceptNew : new boolean[] {false, true}) {
            KnownHostsCheck check = check(knownHosts, acceptNew);
            // when
            int result = check.check(HOST, serverBlob);
            // then
            assertThat(result).isEqualTo(HostKeyRepository.CHANGED);
            assertThat(Files.readString(knownHosts)).isEqualTo(HOST + " " + publicLine(otherKey));
            assertThat(check.changed(null).getMessage()).isEqualTo("host key of [127.0.0.1]:2222 has CHANGED: the "
                    + "server offers ssh-ed25519 " + fingerprint(serverKey) + ", " + knownHosts + " holds ssh-ed25519 "
                    + fingerprint(otherKey) + "; refusing to connect: someone may be intercepting the connection, "
                    + "or the host replaced its key. Ask the host which key is right; if it is the new one, replace "
                    + "the old: ssh-keygen -R '[127.0.0.1]:2222' -f '" + knownHosts + "' && ssh-keyscan -p 2222 "
                    + "-t ed25519 127.0.0.1 >> '" + knownHosts + "'");
        }
    }

    @Test
    void aHostKnownOnlyUnderAnotherKeyTypeIsChangedNotNew() throws Exception {
        // given
        Path rsa = SshKeyGen.generate(dir, "rsa", new SshKeyGen.Kind("rsa", 3072, "OpenSSH"), "", "rsa");
        Path knownHosts = write("known_hosts", HOST + " " + publicLine(rsa));
        KnownHostsCheck check = check(knownHosts, true);
        // when
        int result = check.check(HOST, serverBlob);
        // then
        assertThat(result).isEqualTo(HostKeyRepository.CHANGED);
        assertThat(check.changed(null).getMessage()).contains(" holds ssh-rsa " + fingerprint(rsa) + ";");
        assertThat(Files.readString(knownHosts)).isEqualTo(HOST + " " + publicLine(rsa));
    }

    private KnownHostsCheck check(Path knownHosts, boolean acceptNew) {
        return new KnownHostsCheck(new SshTarget("127.0.0.1", 2222, "bbtest", new PrivateKeyFile(dir.resolve("id"),
                null), knownHosts, acceptNew, 10, 15, 4));
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** {@code <type> <base64>\n} of a key's .pub file, without its comment. */
    private static String publicLine(Path key) throws Exception {
        String[] fields = Files.readString(Path.of(key + ".pub")).split(" ");
        return fields[0] + " " + fields[1] + "\n";
    }

    private static String base64(Path key) throws Exception {
        return publicLine(key).split(" ")[1].strip();
    }

    private static byte[] blob(Path key) throws Exception {
        return Base64.getDecoder().decode(base64(key));
    }

    private static String fingerprint(Path key) {
        return SshKeyGen.fingerprint(Path.of(key + ".pub"));
    }
}
