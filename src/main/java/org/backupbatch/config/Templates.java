package org.backupbatch.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds provider and app templates: {@code <home>/providers/<name>.yaml} and {@code
 * <home>/providers/apps/<name>.yaml} first, then the ones built into the jar under {@code
 * backup-batch/providers/}.
 */
final class Templates {

    /**
     * The built-in providers: the files of {@code providers/} at the top of the repository, which
     * the build packages as {@code backup-batch/providers/} (a jar cannot list its own folders, so
     * the names are written here; {@code ShippedTemplatesTest} fails when the two differ).
     */
    static final List<String> BUILT_IN_PROVIDERS = List.of("alwaysdata", "o2switch", "ovh-mutualise",
            "shared-hosting");

    /** The built-in app templates: the files of {@code providers/apps/}, as above. */
    static final List<String> BUILT_IN_APPS = List.of("custom", "static", "wordpress");

    private static final String RESOURCE_ROOT = "backup-batch/";

    private final Path home;

    Templates(Path home) {
        this.home = home;
    }

    /** A kind of template: its folder under {@code providers/} and its built-in names. */
    enum Kind {
        PROVIDER("provider", "providers/", BUILT_IN_PROVIDERS, "site.provider"),
        APP("app type", "providers/apps/", BUILT_IN_APPS, "site.app_type");

        final String label;
        final String folder;
        final List<String> builtIns;
        final String field;

        Kind(String label, String folder, List<String> builtIns, String field) {
            this.label = label;
            this.folder = folder;
            this.builtIns = builtIns;
            this.field = field;
        }
    }

    /**
     * The template of that kind and name, or null when there is none.
     *
     * @param name a name already checked by {@link Names#isValid}
     */
    Layer find(Kind kind, String name) {
        Path own = home.resolve(kind.folder).resolve(name + ".yaml");
        if (java.nio.file.Files.isRegularFile(own)) {
            return Layer.read(own, kind.folder + name + ".yaml");
        }
        if (kind.builtIns.contains(name)) {
            return Layer.readResource(RESOURCE_ROOT + kind.folder + name + ".yaml");
        }
        return null;
    }

    /** Why there is no template of that kind and name, and which ones there are. */
    String unknown(Kind kind, String name) {
        List<String> available = available(kind);
        String suggestion = Names.closest(name, available);
        return "unknown " + kind.label + " '" + name + "' (no file " + kind.folder + name + ".yaml in " + home
                + ", none built in); available: " + String.join(", ", available)
                + (suggestion == null ? "" : "; did you mean " + suggestion + "?");
    }

    /** {@code " (providers/acme.yaml)"} for a template of the home folder, "" for a built-in one. */
    static String whereIfOwn(Layer template) {
        return template.file().startsWith("classpath:") ? "" : " (" + template.file() + ")";
    }

    /** The names of that kind found in the home folder or built in, sorted. */
    List<String> available(Kind kind) {
        TreeSet<String> names = new TreeSet<>(kind.builtIns);
        names.addAll(yamlNames(home.resolve(kind.folder)));
        return List.copyOf(names);
    }

    /** Base names of the {@code *.yaml} files of a folder that are valid names, sorted. */
    static List<String> yamlNames(Path folder) {
        if (!java.nio.file.Files.isDirectory(folder)) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(folder, "*.yaml")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - ".yaml".length());
                if (Names.isValid(name) && java.nio.file.Files.isRegularFile(file)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return List.copyOf(names);
    }
}
