package org.backupbatch.remote;

import java.util.Map;
import org.backupbatch.errors.ConfigurationError;

/**
 * The program that compresses a stream on the host: {@code backup.compression: auto} takes
 * {@code pigz} when the host has it (its output is ordinary gzip, made on every core, so a
 * files stream bound by one core's {@code gzip -6} goes as fast as the host allows), else
 * {@code gzip}; {@code gzip} and {@code pigz} choose. {@code compression_level} goes to
 * either.
 *
 * @param program {@code gzip} or {@code pigz}
 * @param level   1 (fastest) to 9 (smallest)
 */
public record Compressor(String program, int level) {

    public static final String AUTO = "auto";

    /**
     * Chooses from the setting and the tools the validate step found.
     *
     * @param tools tool name → version, as {@link RemoteChecks} reports them ({@code pigz} only when
     *              installed); null when unknown (then gzip, which every host has)
     * @throws ConfigurationError when {@code pigz} is asked for and the host has none
     */
    public static Compressor choose(String setting, int level, Map<String, String> tools) {
        boolean hasPigz = tools != null && tools.containsKey("pigz");
        if ("pigz".equals(setting) && tools != null && !hasPigz) {
            throw new ConfigurationError("backup.compression is pigz, but the host has no pigz; install it, or set "
                    + "backup.compression: auto");
        }
        boolean pigz = "pigz".equals(setting) || AUTO.equals(setting) && hasPigz;
        return new Compressor(pigz ? "pigz" : "gzip", level);
    }

    /** Plain gzip at that level: what every backup used before the choice existed. */
    public static Compressor gzip(int level) {
        return new Compressor("gzip", level);
    }

    /** The command of a pipeline stage: stdin to stdout. */
    public String command() {
        return program + " -c -" + level;
    }

    /** How the manifest and validate name it, e.g. {@code pigz -6}. */
    @Override
    public String toString() {
        return program + " -" + level;
    }
}
