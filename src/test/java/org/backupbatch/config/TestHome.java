package org.backupbatch.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A home folder for tests: writes site files and templates, holds a key and known_hosts. */
final class TestHome {

    final Path home;
    final Path userHome;

    TestHome(Path root) {
        this.home = root.resolve("home");
        this.userHome = root.resolve("user");
        write("keys/id_ed25519", "not a real key\n");
        write("keys/known_hosts", "ssh.example.net ssh-ed25519 AAAA\n");
        writeUser(".ssh/known_hosts", "ssh.example.net ssh-ed25519 AAAA\n");
    }

    /** A minimal valid ssh site body (without a database). */
    static String sshSite() {
        return """
                ssh:
                  host: ssh.example.net
                  user: blog
                  private_key_path: keys/id_ed25519
                files:
                  remote_path: /home/blog/www
                """;
    }

    TestHome site(String name, String yaml) {
        return write("jobs/" + name + ".yaml", yaml);
    }

    TestHome write(String relative, String content) {
        writeTo(home.resolve(relative), content);
        return this;
    }

    TestHome writeUser(String relative, String content) {
        writeTo(userHome.resolve(relative), content);
        return this;
    }

    SiteConfigLoader loader() {
        return loader(Map.of());
    }

    SiteConfigLoader loader(Map<String, String> env) {
        return new SiteConfigLoader(home, env, userHome);
    }

    private static void writeTo(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
