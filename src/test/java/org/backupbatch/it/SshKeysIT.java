package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backupbatch.ssh.SshKeyGen;
import org.backupbatch.ssh.SshKeyGen.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real backups over the real sshd with keys of every type and format, made by ssh-keygen and
 * added to the test account's authorized_keys for the time of the test; and each way a key can
 * be wrong, with its own message and exit code.
 */
class SshKeysIT {

    private static final String PASSPHRASE = "it's a \"long\" $(pass) phrase; `x`";
    private static final String PASSPHRASE_VARIABLE = "BB_IT_KEY_PASSPHRASE";

    @TempDir
    static Path keys;
    private static Path site;
    private static AuthorizedKeys authorized;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createSite() throws Exception {
        site = RemoteSite.create("keys", "printf 'hello\\n' > index.php && mkdir sub && printf x > sub/a.txt");
        authorized = new AuthorizedKeys();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (authorized != null) {
            authorized.close();
            assertThat(authorized.count()).isZero();
        }
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    /** Every kind once; the passphrase on ed25519 and RSA both ways, on ECDSA in turn by format. */
    static Stream<Arguments> keyCases() {
        return SshKeyGen.ALL_KINDS.stream().flatMap(kind -> kind.type().equals("ecdsa")
                ? Stream.of(Arguments.of(kind, kind.format().equals("PEM") == (kind.bits() != 384)))
                : Stream.of(Arguments.of(kind, false), Arguments.of(kind, true)));
    }

    @ParameterizedTest(name = "{0}, passphrase {1}")
    @MethodSource("keyCases")
    void backupLogsInWithEveryKeyTypeAndFormat(Kind kind, boolean withPassphrase) throws Exception {
        // given
        if (kind.type().equals("rsa")) {
            assertSshdRefusesSha1Signatures();
        }
        Path key = SshKeyGen.generate(keys, kind.label() + (withPassphrase ? "-pass" : ""), kind,
                withPassphrase ? PASSPHRASE : "", authorized.comment(kind.label()));
        authorized.add(key);
        Path home = home(key, withPassphrase ? "  private_key_passphrase: ${" + PASSPHRASE_VARIABLE + "}\n" : "");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(PASSPHRASE_VARIABLE, PASSPHRASE), "job=backup",
                "site=keys");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).contains(" status=COMPLETED ", " files=2 ");
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSPHRASE);
        assertThat(Files.readString(sshd("sshd.log"))).contains("ssh2: " + sshdKeyType(kind) + " "
                + SshKeyGen.fingerprint(Path.of(key + ".pub")));
    }

    @Test
    void wrongPassphraseFailsWithItsOwnMessageAndNeverShowsThePassphrase() throws Exception {
        // given
        Kind kind = SshKeyGen.ALL_KINDS.get(0);
        Path key = SshKeyGen.generate(keys, "wrong-pass", kind, PASSPHRASE, authorized.comment("wrong-pass"));
        authorized.add(key);
        Path home = home(key, "  private_key_passphrase: ${" + PASSPHRASE_VARIABLE + "}\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(PASSPHRASE_VARIABLE, "not-the-passphrase"),
                "job=backup", "site=keys");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.summary()).contains(" status=FAILED ", "error=\"wrong passphrase for the private key " + key
                + ": it does not decrypt the key; check ssh.private_key_passphrase\"");
        assertThat(run.stdout() + run.stderr()).doesNotContain("not-the-passphrase").doesNotContain(PASSPHRASE);
    }

    @Test
    void keyTheServerRefusesNamesUserHostAndKeyFingerprint() throws Exception {
        // given: a valid key that is not in authorized_keys
        Path key = SshKeyGen.generate(keys, "stranger", SshKeyGen.ALL_KINDS.get(0), "", "stranger");
        Path home = home(key, "");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=keys");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.summary()).contains(" status=FAILED ", "error=\"SSH login refused: " + TestEnv.sshUser()
                + " on " + TestEnv.get("ssh.host") + ":" + TestEnv.get("ssh.port") + " does not accept the key " + key
                + " (ssh-ed25519 " + SshKeyGen.fingerprint(Path.of(key + ".pub")) + "); add its public key to that "
                + "account's ~/.ssh/authorized_keys");
    }

    @Test
    void keyReadableByOthersIsABadConfigurationSayingChmod600() throws Exception {
        // given
        Path key = SshKeyGen.generate(keys, "open-mode", SshKeyGen.ALL_KINDS.get(0), "", authorized.comment("open"));
        authorized.add(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path home = home(key, "");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=keys");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.summary()).contains("error=\"ssh.private_key_path: permissions 0644 for " + key
                + " are too open: other users may read this private key, and OpenSSH refuses such a key too; "
                + "run: chmod 600 " + key + "\"");
    }

    private Path home(Path key, String extraSsh) throws Exception {
        String yaml = "site:\n  app_type: custom\n"
                + TestEnv.sshYaml().replace(TestEnv.get("ssh.private_key"), key.toString()) + extraSsh
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n";
        return RemoteSite.home(tmp.resolve("home"), "keys", yaml);
    }

    /** The sshd of the test environment accepts RSA keys with SHA-2 signatures only, so a login proves them. */
    private static void assertSshdRefusesSha1Signatures() {
        String effective = SshKeyGen.run(List.of("/usr/sbin/sshd", "-T", "-f", sshd("sshd_config").toString()));
        String accepted = effective.lines().filter(l -> l.startsWith("pubkeyacceptedalgorithms ")).findFirst()
                .orElseThrow();
        assertThat(List.of(accepted.substring(accepted.indexOf(' ') + 1).split(",")))
                .contains("rsa-sha2-512", "rsa-sha2-256").doesNotContain("ssh-rsa");
    }

    private static String sshdKeyType(Kind kind) {
        return switch (kind.type()) {
            case "ed25519" -> "ED25519";
            case "ecdsa" -> "ECDSA";
            default -> "RSA";
        };
    }

    static Path sshd(String name) {
        return TestEnv.FILE.resolveSibling("sshd").resolve(name);
    }
}
