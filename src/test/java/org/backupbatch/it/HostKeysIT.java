package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backupbatch.ssh.SshKeyGen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against the real sshd, whose own keys (and so the fingerprints every message must
 * name) are in the test environment's sshd folder: accept-new records a new host and then
 * strict trusts it; a changed key is refused under either policy; an unknown host is refused
 * under strict.
 */
class HostKeysIT {

    private static final String HOST = "[" + TestEnv.get("ssh.host") + "]:" + TestEnv.get("ssh.port");

    private static Path site;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createSite() throws Exception {
        site = RemoteSite.create("hostkeys", "printf 'hello\\n' > index.php");
    }

    @AfterAll
    static void deleteSite() {
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    @Test
    void acceptNewRecordsAnUnknownHostsKeyThatStrictThenTrustsAndOpenSshReads() throws Exception {
        // given
        Path knownHosts = Files.createFile(tmp.resolve("known_hosts"));
        // when
        Processes.Result first = backup(knownHosts, "accept-new");
        // then
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(Files.readString(knownHosts)).isEqualTo(HOST + " " + serverKey("ed25519") + "\n");
        assertThat(first.stderr()).contains("Permanently added '" + HOST + "' (ssh-ed25519 "
                + serverFingerprint("ed25519") + ")");
        Processes.Result strict = backup(knownHosts, "strict");
        assertThat(strict.exit()).as(strict.toString()).isZero();
        Processes.check(List.of("ssh", "-F", "/dev/null", "-i", TestEnv.get("ssh.private_key"), "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-p", TestEnv.get("ssh.port"),
                TestEnv.sshUser() + "@" + TestEnv.get("ssh.host"), "true"), null);
    }

    @Test
    void changedKeyIsRefusedUnderEitherPolicyWithBothFingerprintsAndTheFix() throws Exception {
        // given: known_hosts holds another ed25519 key for the test host
        Path impostor = SshKeyGen.generate(tmp, "impostor", SshKeyGen.ALL_KINDS.get(0), "", "impostor");
        Path knownHosts = tmp.resolve("known_hosts");
        String recorded = HOST + " " + Files.readString(Path.of(impostor + ".pub")).split(" ")[0] + " "
                + Files.readString(Path.of(impostor + ".pub")).split(" ")[1] + "\n";
        Files.writeString(knownHosts, recorded);
        for (String policy : List.of("strict", "accept-new")) {
            // when
            Processes.Result run = backup(knownHosts, policy);
            // then
            assertThat(run.exit()).as(policy + ": " + run).isEqualTo(1);
            assertThat(run.summary()).contains(" status=FAILED ", "error=\"host key of " + HOST
                    + " has CHANGED: the server offers ssh-ed25519 " + serverFingerprint("ed25519") + ", " + knownHosts
                    + " holds ssh-ed25519 " + SshKeyGen.fingerprint(Path.of(impostor + ".pub")) + "; refusing to "
                    + "connect", "Ask the host which key is right", "ssh-keygen -R '" + HOST + "' -f " + knownHosts
                    + " && ssh-keyscan -p " + TestEnv.get("ssh.port") + " -t ed25519 " + TestEnv.get("ssh.host")
                    + " >> " + knownHosts);
            assertThat(Files.readString(knownHosts)).isEqualTo(recorded);
        }
    }

    @Test
    void unknownHostUnderStrictIsRefusedOfferingItsFingerprintAndHowToAcceptIt() throws Exception {
        // given: known_hosts names other hosts only
        Path knownHosts = tmp.resolve("known_hosts");
        String other = "ssh.example.net " + serverKey("rsa") + "\n";
        Files.writeString(knownHosts, other);
        // when
        Processes.Result run = backup(knownHosts, "strict");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.summary()).contains(" status=FAILED ", "error=\"host key of " + HOST + " is unknown: "
                + knownHosts + " holds no key for it; the server offers ssh-ed25519 " + serverFingerprint("ed25519")
                + ". Check this fingerprint with the host, then add it: ssh-keyscan -p " + TestEnv.get("ssh.port")
                + " -t ed25519 " + TestEnv.get("ssh.host") + " >> " + knownHosts + " (or set ssh.host_key_policy: "
                + "accept-new");
        assertThat(Files.readString(knownHosts)).isEqualTo(other);
    }

    private Processes.Result backup(Path knownHosts, String policy) throws Exception {
        String yaml = "site:\n  app_type: custom\n"
                + TestEnv.sshYaml().replace(TestEnv.get("ssh.known_hosts"), knownHosts.toString())
                + "  host_key_policy: " + policy + "\n"
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n";
        Path home = RemoteSite.home(tmp.resolve("home"), "hostkeys", yaml);
        return Processes.backupBatch(home, Map.of(), "job=backup", "site=hostkeys");
    }

    /** {@code <type> <base64>} of one of the test sshd's host keys. */
    private static String serverKey(String type) throws Exception {
        String[] fields = Files.readString(SshKeysIT.sshd("ssh_host_" + type + "_key.pub")).split(" ");
        return fields[0] + " " + fields[1].strip();
    }

    private static String serverFingerprint(String type) {
        return SshKeyGen.fingerprint(SshKeysIT.sshd("ssh_host_" + type + "_key.pub"));
    }
}
