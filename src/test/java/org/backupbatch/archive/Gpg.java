package org.backupbatch.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code gpg}, with a keyring of its own in a temporary {@code GNUPGHOME}: generates
 * key pairs, exports them as files, and decrypts or encrypts as a user would by hand. {@link
 * #close()} stops the agent it started.
 */
public final class Gpg implements AutoCloseable {

    private final Path home;

    /** A fresh keyring in {@code folder} (created 0700, as gpg wants). */
    public Gpg(Path folder) throws IOException {
        this.home = Files.createDirectories(folder);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    /** What a gpg run left. */
    public record Result(int exit, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Generates a key pair that never expires and returns its fingerprint.
     *
     * @param algo       {@code default} (RSA 3072 in gpg 2.2) or {@code future-default} (ed25519
     *                   with a cv25519 encryption subkey)
     * @param passphrase the key's passphrase; empty for none
     */
    public String generate(String userId, String algo, String passphrase) {
        check("--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key", userId, algo,
                "default", "never");
        String colons = check("--with-colons", "--list-keys", userId).out();
        return colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    }

    /** Exports the public key, binary ({@code gpg --export}). */
    public Path exportPublic(String fingerprint, Path file) throws IOException {
        return Files.write(file, check("--export", fingerprint).stdout());
    }

    /** Exports the private key, ASCII-armoured ({@code gpg --export-secret-keys --armor}). */
    public Path exportSecret(String fingerprint, String passphrase, Path file) throws IOException {
        return Files.write(file, check("--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase, "--armor",
                "--export-secret-keys", fingerprint).stdout());
    }

    /**
     * {@code gpg --decrypt} with the keyring's private keys, or a passphrase when one is given;
     * its status lines ({@code [GNUPG:] DECRYPTION_INFO <mdc> <cipher>}) go to stderr.
     */
    public Result decrypt(Path file, String passphrase) {
        List<String> args = new ArrayList<>(List.of("--batch", "--pinentry-mode", "loopback", "--status-fd", "2"));
        if (passphrase != null) {
            args.addAll(List.of("--passphrase", passphrase));
        }
        args.addAll(List.of("--decrypt", file.toString()));
        return run(args.toArray(String[]::new));
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--no-tty", "--quiet"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("gpg", ".out");
            Path err = Files.createTempFile("gpg", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("gpg timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
            } finally {
                Files.delete(out);
                Files.delete(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Result check(String... args) {
        Result result = run(args);
        if (result.exit() != 0) {
            throw new AssertionError("gpg " + String.join(" ", args) + " failed (exit " + result.exit() + "): "
                    + result.stderr());
        }
        return result;
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor(30,
                    TimeUnit.SECONDS);
        } catch (IOException e) {
            // no agent to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
