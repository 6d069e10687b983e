package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path home;

    @Test
    void sealingCreatesTheKeyFileOwnerOnlyInAnOwnerOnlyFolder() throws Exception {
        // when
        MasterKey key = MasterKey.forSealing(home, Map.of());

        // then
        Path file = home.resolve(".backup-batch/master.key");
        assertThat(key.created()).isTrue();
        assertThat(key.source()).isEqualTo(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void aSecondSealUsesTheKeyFileItFinds() throws Exception {
        // given
        MasterKey first = MasterKey.forSealing(home, Map.of());
        String sealed = SealedValue.seal("pw".toCharArray(), first);

        // when
        MasterKey second = MasterKey.forSealing(home, Map.of());

        // then
        assertThat(second.created()).isFalse();
        assertThat(SealedValue.open(sealed, second)).isEqualTo("pw");
    }

    @Test
    void theEnvironmentKeyWinsOverTheFile() throws Exception {
        // given
        String fromFile = SealedValue.seal("pw".toCharArray(), MasterKey.forSealing(home, Map.of()));
        Map<String, String> env = Map.of(MasterKey.ENV, SealedValueTest.newKey());

        // when
        MasterKey key = MasterKey.forOpening(home, env);

        // then
        assertThat(key.source()).isEqualTo(MasterKey.ENV);
        assertThat(SealedValue.open(SealedValue.seal("x".toCharArray(), MasterKey.forSealing(home, env)), key))
                .isEqualTo("x");
        assertThatThrownBy(() -> SealedValue.open(fromFile, key)).isInstanceOf(SealedValue.CannotOpen.class);
    }

    @Test
    void sealingWithTheEnvironmentKeyCreatesNoFile() {
        // when
        MasterKey.forSealing(home, Map.of(MasterKey.ENV, SealedValueTest.newKey()));

        // then
        assertThat(home.resolve(".backup-batch")).doesNotExist();
    }

    @Test
    void openingWithoutAnyKeyNamesBothPlaces() {
        assertThatThrownBy(() -> MasterKey.forOpening(home, Map.of()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("no master key: BACKUP_BATCH_MASTER_KEY is not set and " + home.resolve(".backup-batch/master.key")
                        + " does not exist (job=config action=seal creates it)");
        assertThat(home.resolve(".backup-batch")).doesNotExist();
    }

    @Test
    void aKeyThatIsNot256BitsOfBase64IsRefusedWithoutShowingIt() throws Exception {
        // given
        Files.createDirectories(home.resolve(".backup-batch"));
        Files.writeString(home.resolve(".backup-batch/master.key"), "c2hvcnQ=\n",
                java.nio.file.StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(home.resolve(".backup-batch/master.key"), PosixFilePermissions.fromString("rw-------"));

        // then
        assertThatThrownBy(() -> MasterKey.forOpening(home, Map.of(MasterKey.ENV, "not base64 at all!")))
                .hasMessage("the master key from BACKUP_BATCH_MASTER_KEY is not a 256-bit key in base64 "
                        + "(44 characters, as job=config action=seal writes it)");
        assertThatThrownBy(() -> MasterKey.forOpening(home, Map.of()))
                .hasMessageStartingWith("the master key from " + home.resolve(".backup-batch/master.key") + " is not")
                .hasMessageNotContaining("c2hvcnQ");
    }

    @Test
    void aKeyFileOthersMayReadIsRefused() throws Exception {
        // given
        MasterKey.forSealing(home, Map.of());
        Path file = home.resolve(".backup-batch/master.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // then
        assertThatThrownBy(() -> MasterKey.forOpening(home, Map.of()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("the master key " + file + " may be read by others (mode rw-r--r--); run: chmod 600 " + file);
    }
}
