package org.backupbatch.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code ssh-keygen}, for tests: makes keys of every type and format, reads fingerprints. */
public final class SshKeyGen {

    /** A kind of key: type and size as {@code ssh-keygen -t/-b} take them, file format ({@code -m}). */
    public record Kind(String type, int bits, String format) {

        /** A file name that says what the key is, e.g. {@code ecdsa-384-PEM}. */
        public String label() {
            return type + (bits == 0 ? "" : "-" + bits) + "-" + format;
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** Every kind the tool must read: ed25519, ECDSA (3 curves), RSA, each in OpenSSH and PEM where it exists. */
    public static final List<Kind> ALL_KINDS = List.of(
            new Kind("ed25519", 0, "OpenSSH"),
            new Kind("ecdsa", 256, "OpenSSH"), new Kind("ecdsa", 256, "PEM"),
            new Kind("ecdsa", 384, "OpenSSH"), new Kind("ecdsa", 384, "PEM"),
            new Kind("ecdsa", 521, "OpenSSH"), new Kind("ecdsa", 521, "PEM"),
            new Kind("rsa", 3072, "OpenSSH"), new Kind("rsa", 3072, "PEM"));

    private SshKeyGen() {
    }

    /**
     * Generates a key pair in {@code dir}: {@code <name>} (mode 0600, as ssh-keygen writes it) and
     * {@code <name>.pub}.
     *
     * @param passphrase the passphrase, or "" for none
     */
    public static Path generate(Path dir, String name, Kind kind, String passphrase, String comment) {
        Path key = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", kind.type(), "-N", passphrase,
                "-C", comment, "-f", key.toString()));
        if (kind.format().equals("PEM")) {
            command.addAll(List.of("-m", "PEM")); // OpenSSH's own format is the default
        }
        if (kind.bits() != 0) {
            command.addAll(List.of("-b", Integer.toString(kind.bits())));
        }
        run(command);
        return key;
    }

    /** {@code SHA256:...} of a public key file (or a private key without passphrase), as ssh-keygen -lf prints it. */
    public static String fingerprint(Path publicKey) {
        return run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString())).split(" ")[1];
    }

    /** Runs a command, asserts exit 0 and gives its stdout. */
    public static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
