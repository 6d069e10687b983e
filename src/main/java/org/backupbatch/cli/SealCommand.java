package org.backupbatch.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.backupbatch.config.MasterKey;
import org.backupbatch.config.SealedValue;
import org.backupbatch.errors.ConfigurationError;

/**
 * {@code job=config action=seal}: reads one secret — from the terminal without echo, else all of
 * stdin less one final newline — and prints its {@code ENC(…)} value on stdout, to paste into a
 * site file. Runs before Spring: no site, no lock, no job repository; the secret is written
 * nowhere.
 */
final class SealCommand {

    private final Path home;
    private final Map<String, String> env;

    SealCommand(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /**
     * @param console the terminal, or null when stdin or stdout is not one
     * @return the exit code
     */
    int run(Console console, InputStream in, PrintStream out, PrintStream err) {
        char[] secret = null;
        try {
            secret = console != null ? console.readPassword("Secret to seal (not shown): ") : readAll(in);
            if (secret == null || secret.length == 0) {
                throw new ConfigurationError("nothing to seal: the secret read from "
                        + (console != null ? "the terminal" : "stdin") + " is empty");
            }
            MasterKey key = MasterKey.forSealing(home, env);
            out.println(SealedValue.seal(secret, key));
            err.println(key.created()
                    ? "sealed with a new master key, " + key.source() + ": keep a copy of it apart from the site files;"
                            + " without it no sealed value opens"
                    : "sealed with the master key from " + key.source());
            return ExitCodes.COMPLETED;
        } catch (ConfigurationError e) {
            err.println("error: " + e.getMessage());
            out.println(new Summary("config").add("action", "seal").add("status", "INVALID").add("error", e.getMessage()));
            return ExitCodes.BAD_CONFIGURATION;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /** All of stdin as UTF-8, less one final newline ({@code \n} or {@code \r\n}). */
    static char[] readAll(InputStream in) {
        byte[] bytes = null;
        try {
            bytes = in.readAllBytes();
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\n') {
                end -= end > 1 && bytes[end - 2] == '\r' ? 2 : 1;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, end));
            char[] secret = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return secret;
        } catch (CharacterCodingException e) {
            throw new ConfigurationError("the secret on stdin is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigurationError("cannot read the secret from stdin: " + e.getMessage(), e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
