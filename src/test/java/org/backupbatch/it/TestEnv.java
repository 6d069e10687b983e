package org.backupbatch.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The real sshd, test user and MariaDB that {@code scripts/test-env.sh up} starts, as described
 * by the properties file it writes: on this machine, or in containers ({@link ContainerEnv}). A test that needs them fails, saying how to start them, when
 * they are absent: it never skips.
 */
final class TestEnv {

    static final Path FILE = Path.of(System.getProperty("backup-batch.test-env",
            System.getenv().getOrDefault("BB_TEST_DIR", "/var/tmp/backup-batch-test") + "/test-env.properties"));

    private static Properties properties;

    private TestEnv() {
    }

    static synchronized String get(String key) {
        if (properties == null) {
            ContainerEnv.startIfChosen(FILE.getParent()); // containers write the same file, or nothing
            if (!Files.isRegularFile(FILE)) {
                fail("test environment missing: " + FILE + " not found. As root, run: scripts/test-env.sh up "
                        + "(it installs and starts sshd on 127.0.0.1:2222 and MariaDB)");
            }
            Properties loaded = new Properties();
            try (InputStream in = Files.newInputStream(FILE)) {
                loaded.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + FILE, e);
            }
            properties = loaded;
        }
        String value = properties.getProperty(key);
        if (value == null) {
            fail(FILE + " has no " + key + "; re-run scripts/test-env.sh up");
        }
        return value;
    }

    static String sshUser() {
        return get("ssh.user");
    }

    static Path sshHome() {
        return Path.of(get("ssh.home"));
    }

    static String dbUser() {
        return get("db.user");
    }

    static String dbPassword() {
        return get("db.password");
    }

    /** The {@code ssh:} section of a site file for the test account. */
    static String sshYaml() {
        return "ssh:\n"
                + "  host: " + get("ssh.host") + "\n"
                + "  port: " + get("ssh.port") + "\n"
                + "  user: " + sshUser() + "\n"
                + "  private_key_path: " + get("ssh.private_key") + "\n"
                + "  known_hosts: " + get("ssh.known_hosts") + "\n";
    }
}
