package org.backupbatch.cli;

import java.io.PrintStream;
import org.backupbatch.archive.ToolVersion;
import org.springframework.batch.core.SpringBatchVersion;
import org.springframework.boot.SpringBootVersion;

/**
 * {@code --version} (or {@code job=version}): this tool's version, from the jar's manifest, and
 * those of Spring Batch, Spring Boot and Java, the first things a bug report needs. Reads
 * manifests only: no home folder, no Spring context.
 */
final class VersionCommand {

    private VersionCommand() {
    }

    static int run(PrintStream out) {
        String tool = ToolVersion.number();
        String batch = orUnknown(SpringBatchVersion.getVersion());
        String boot = orUnknown(SpringBootVersion.getVersion());
        String java = Runtime.version().toString();
        out.println("backup-batch " + tool);
        out.println("Spring Batch " + batch + ", Spring Boot " + boot);
        out.println("Java " + java + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ")");
        out.println(new Summary("version").add("backup-batch", tool).add("spring-batch", batch)
                .add("spring-boot", boot).add("java", java).add("status", "COMPLETED"));
        return ExitCodes.COMPLETED;
    }

    private static String orUnknown(String version) {
        return version == null ? "unknown" : version;
    }
}
