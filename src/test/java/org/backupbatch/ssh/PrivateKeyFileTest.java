package org.backupbatch.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys made by the real ssh-keygen, read as the tool reads them; each failure with its own message. */
class PrivateKeyFileTest {

    private static final String PASSPHRASE = "correct horse \"battery\" $staple";

    @TempDir
    Path dir;

    static Stream<Arguments> everyKindWithAndWithoutPassphrase() {
        return SshKeyGen.ALL_KINDS.stream().flatMap(kind -> Stream.of(Arguments.of(kind, ""),
                Arguments.of(kind, PASSPHRASE)));
    }

    @ParameterizedTest(name = "{0} passphrase=''{1}''")
    @MethodSource("everyKindWithAndWithoutPassphrase")
    void everyKeyKindIsReadAndGivesTheFingerprintSshKeygenGives(SshKeyGen.Kind kind, String passphrase) {
        // given
        Path key = SshKeyGen.generate(dir, kind.label(), kind, passphrase, "test");
        JSch jsch = new JSch();
        // when
        String described = new PrivateKeyFile(key, passphrase.isEmpty() ? null : passphrase).addTo(jsch);
        // then
        assertThat(described).endsWith(" " + SshKeyGen.fingerprint(Path.of(key + ".pub")));
        assertThat(described).startsWith(kind.type().equals("ecdsa") ? "ecdsa-sha2-nistp" + kind.bits() + " "
                : "ssh-" + kind.type() + " ");
    }

    @Test
    void wrongPassphraseIsAFatalErrorThatNamesTheKeyButNotThePassphrase() {
        // given
        Path key = SshKeyGen.generate(dir, "id", SshKeyGen.ALL_KINDS.get(0), PASSPHRASE, "test");
        // then
        assertThatThrownBy(() -> new PrivateKeyFile(key, "not the passphrase").addTo(new JSch()))
                .isExactlyInstanceOf(FatalError.class)
                .hasMessage("wrong passphrase for the private key " + key
                        + ": it does not decrypt the key; check ssh.private_key_passphrase")
                .hasMessageNotContaining("not the passphrase");
    }

    @Test
    void wrongPassphraseOfAPemKeyIsAlsoAWrongPassphrase() {
        // given
        Path key = SshKeyGen.generate(dir, "id", new SshKeyGen.Kind("rsa", 3072, "PEM"), PASSPHRASE, "test");
        // then
        assertThatThrownBy(() -> new PrivateKeyFile(key, "not the passphrase").addTo(new JSch()))
                .isExactlyInstanceOf(FatalError.class).hasMessageStartingWith("wrong passphrase for the private key");
    }

    @Test
    void encryptedKeyWithoutPassphraseSaysWhichFieldToSet() {
        // given
        Path key = SshKeyGen.generate(dir, "id", SshKeyGen.ALL_KINDS.get(0), PASSPHRASE, "test");
        // then
        assertThatThrownBy(() -> new PrivateKeyFile(key, null).addTo(new JSch()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("ssh.private_key_path: " + key + " is protected by a passphrase; give it as "
                        + "ssh.private_key_passphrase (from the environment: ${VARIABLE})");
    }

    @Test
    void keyReadableByOthersIsRefusedAsOpenSshRefusesIt() throws Exception {
        // given
        Path key = SshKeyGen.generate(dir, "id", SshKeyGen.ALL_KINDS.get(0), "", "test");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        // then
        assertThatThrownBy(() -> new PrivateKeyFile(key, null).addTo(new JSch()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("ssh.private_key_path: permissions 0644 for " + key + " are too open: other users may "
                        + "read this private key, and OpenSSH refuses such a key too; run: chmod 600 " + key);
    }

    @Test
    void keyOnlyGroupWritableIsRefusedToo() throws Exception {
        // given
        Path key = SshKeyGen.generate(dir, "id", SshKeyGen.ALL_KINDS.get(0), "", "test");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw--w----"));
        // then
        assertThatThrownBy(() -> new PrivateKeyFile(key, null).addTo(new JSch()))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("permissions 0620 for ");
    }

    @Test
    void fileThatIsNotAKeySaysWhatItShouldBe() throws Exception {
        // given
        Path key = dir.resolve("id");
        Files.writeString(key, "not a key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        // then
        assertThatThrownBy(() -> new PrivateKeyFile(key, null).addTo(new JSch()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("ssh.private_key_path: " + key + " is not a private key this tool can read "
                        + "(ed25519, ECDSA or RSA, in OpenSSH or PEM format)");
    }

    @Test
    void toStringNeverShowsThePassphrase() {
        assertThat(new PrivateKeyFile(dir.resolve("id"), PASSPHRASE).toString())
                .isEqualTo(dir.resolve("id") + " (with a passphrase)").doesNotContain("horse");
    }
}
