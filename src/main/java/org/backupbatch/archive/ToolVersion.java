package org.backupbatch.archive;

/** This tool's version, from the jar's manifest; {@code dev} when run from classes. */
public final class ToolVersion {

    private ToolVersion() {
    }

    /** {@code backup-batch <version>}, as manifests record it. */
    public static String get() {
        return "backup-batch " + number();
    }

    /** The version alone ({@code Implementation-Version} of the jar, which Maven writes), or {@code dev}. */
    public static String number() {
        String version = ToolVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
