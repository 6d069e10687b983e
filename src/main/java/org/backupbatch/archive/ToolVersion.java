package org.backupbatch.archive;

/** This tool's version, from the jar's manifest; {@code dev} when run from classes. */
public final class ToolVersion {

    private ToolVersion() {
    }

    public static String get() {
        String version = ToolVersion.class.getPackage().getImplementationVersion();
        return "backup-batch " + (version == null ? "dev" : version);
    }
}
