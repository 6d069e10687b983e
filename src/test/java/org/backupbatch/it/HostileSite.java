package org.backupbatch.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.it.ByteTree.Entry;

/**
 * The site of the injection round trip, drawn from the seeds: one tree with a section
 * {@code seed-<seed>} of hostile names per seed, include and exclude patterns made of its own
 * names (globs in them stay globs) and of hostile text, and what a restore must leave, computed
 * with {@link FileSelector} (the tool's own rule) over the real {@code find} listing.
 */
final class HostileSite {

    /** The site's patterns, as they go in its file. */
    record Patterns(List<String> includes, List<String> excludes) {
    }

    private static final int[] FILE_MODES = {0644, 0600, 0755, 0444, 0640, 0700, 0604, 0664};
    private static final int[] DIR_MODES = {0755, 0700, 0750, 0711, 0775};
    private static final int MAX_FOLDER_DEPTH = 4;

    private HostileSite() {
    }

    /** {@code perSeed} entries under {@code ./seed-<seed>} for each seed: folders, files, links. */
    static SortedMap<String, Entry> tree(List<HostileStrings> seeds, int perSeed) {
        SortedMap<String, Entry> tree = new TreeMap<>();
        for (HostileStrings gen : seeds) {
            String top = "./seed-" + gen.seed();
            tree.put(top, folder(gen.random()));
            List<String> folders = new ArrayList<>(List.of(top));
            for (int i = 0; i < perSeed; i++) {
                String parent = folders.get(gen.random().nextInt(folders.size()));
                String path = parent + "/" + latin(gen.fileName());
                int kind = gen.random().nextInt(20);
                if (tree.containsKey(path)) {
                    continue;
                }
                if (kind < 3 && path.chars().filter(c -> c == '/').count() <= MAX_FOLDER_DEPTH) {
                    tree.put(path, folder(gen.random()));
                    folders.add(path);
                } else if (kind == 3) {
                    tree.put(path, link(gen));
                } else {
                    tree.put(path, file(gen.random()));
                }
            }
        }
        return tree;
    }

    /** A few hostile files: at the top, in a folder of their own, and in {@code ./seed-<first seed>}. */
    static SortedMap<String, Entry> extras(HostileStrings gen, int count) {
        SortedMap<String, Entry> extras = new TreeMap<>();
        String own = "./" + latin(gen.fileName());
        String seeded = "./seed-" + gen.seed();
        extras.put(own, folder(gen.random()));
        extras.put(seeded, folder(gen.random()));
        for (int i = 0; i < count; i++) {
            String parent = i % 3 == 0 ? "." : i % 3 == 1 ? own : seeded;
            extras.putIfAbsent(parent + "/" + latin(gen.fileName()), file(gen.random()));
        }
        return extras;
    }

    /**
     * Includes: the whole section of every seed but the last, and in the last one a folder's
     * subtree, a file's name and hostile text. Excludes: a path and a fragment of names of the
     * tree, and hostile text; each kept only while 85% of what the includes take stays selected (a
     * hostile {@code *} would leave nothing to compare). Only UTF-8 names can be written in a
     * site file.
     *
     * @param listing the tree's {@code find . -print0} listing
     */
    static Patterns patterns(List<HostileStrings> seeds, SortedMap<String, Entry> tree, byte[] listing)
            throws Exception {
        HostileStrings last = seeds.get(seeds.size() - 1);
        Random random = last.random();
        List<String> includes = new ArrayList<>();
        seeds.subList(0, seeds.size() - 1).forEach(gen -> includes.add("seed-" + gen.seed()));
        List<String> lastFolders = utf8Paths(tree, "./seed-" + last.seed() + "/", 'd');
        List<String> lastFiles = utf8Paths(tree, "./seed-" + last.seed() + "/", 'f');
        if (!lastFolders.isEmpty()) {
            includes.add(pick(lastFolders, random) + "/**");
        }
        if (!lastFiles.isEmpty()) {
            String file = pick(lastFiles, random);
            includes.add(file.substring(file.lastIndexOf('/') + 1));
        }
        includes.add(last.text(30, true));
        includes.removeIf(String::isBlank);
        List<String> all = utf8Paths(tree, "./", 'f');
        all.addAll(utf8Paths(tree, "./", 'd'));
        List<String> excludes = new ArrayList<>();
        int enough = selected(listing, new Patterns(includes, excludes)).size() * 17 / 20;
        for (int i = 0; i < 12 && excludes.size() < 5; i++) {
            String name = pick(all, random);
            name = name.substring(name.lastIndexOf('/') + 1);
            int from = random.nextInt(name.length());
            String candidate = switch (i % 3) {
                case 0 -> pick(all, random);
                case 1 -> "*" + name.substring(from, Math.min(name.length(), from + 4 + random.nextInt(6))) + "*";
                default -> last.text(30, true);
            };
            List<String> more = new ArrayList<>(excludes);
            more.add(candidate);
            if (!candidate.isBlank() && selected(listing, new Patterns(includes, more)).size() >= enough) {
                excludes.add(candidate);
            }
        }
        return new Patterns(includes, excludes);
    }

    /** The real {@code find . -print0} listing of a folder (as root). */
    static byte[] listing(Path root) {
        return Base64.getDecoder().decode(Processes.check(List.of("sh", "-c", "find . -print0 | base64 -w0"), root)
                .strip());
    }

    /** The paths {@link FileSelector} selects in a {@code find . -print0} listing. */
    static Set<String> selected(byte[] listing, Patterns patterns) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FileSelector(patterns.includes(), patterns.excludes()).select(new ByteArrayInputStream(listing), out);
        Set<String> selected = new TreeSet<>();
        for (String path : out.toString(StandardCharsets.ISO_8859_1).split("\0")) {
            if (!path.isEmpty()) {
                selected.add(path);
            }
        }
        return selected;
    }

    /**
     * What a mirror restore leaves: the target's paths that both selections take and the backup
     * lacks are deleted (deepest first, folders only once empty), then the backup's entries are
     * written over the rest.
     */
    static SortedMap<String, Entry> afterMirror(SortedMap<String, Entry> targetBefore, Set<String> targetSelected,
            SortedMap<String, Entry> backup) {
        SortedMap<String, Entry> after = new TreeMap<>(targetBefore);
        targetSelected.stream().filter(p -> !p.equals(".") && !backup.containsKey(p))
                .sorted(Comparator.reverseOrder()).forEach(p -> {
                    boolean emptyOrNotFolder = after.get(p).type() != 'd'
                            || after.keySet().stream().noneMatch(q -> q.startsWith(p + "/"));
                    if (emptyOrNotFolder) {
                        after.remove(p);
                    }
                });
        after.putAll(backup);
        return after;
    }

    /** The differences between two trees, described one a line (the first {@code max}). */
    static List<String> differences(SortedMap<String, Entry> expected, SortedMap<String, Entry> actual,
            Set<String> mtimeChecked, int max) {
        List<String> differences = new ArrayList<>();
        Set<String> paths = new TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        for (String path : paths) {
            Entry e = expected.get(path);
            Entry a = actual.get(path);
            String shown = ByteTree.printable(path);
            if (a == null) {
                differences.add(shown + " is missing (expected " + e.describe() + ")");
            } else if (e == null) {
                differences.add(shown + " should not be there (" + a.describe() + ")");
            } else if (!same(e, a, mtimeChecked.contains(path))) {
                differences.add(shown + ": expected " + e.describe() + ", got " + a.describe());
            }
        }
        return differences.subList(0, Math.min(max, differences.size()));
    }

    private static boolean same(Entry e, Entry a, boolean mtime) {
        return e.type() == a.type() && e.mode() == a.mode() && java.util.Arrays.equals(e.payload(), a.payload())
                && (!mtime || e.type() == 'l' || e.mtime() == a.mtime());
    }

    /** The entries of a tree at those paths. */
    static SortedMap<String, Entry> only(SortedMap<String, Entry> tree, Set<String> paths) {
        SortedMap<String, Entry> kept = new TreeMap<>();
        paths.forEach(p -> kept.put(p, tree.get(p)));
        return kept;
    }

    static String latin(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static List<String> utf8Paths(SortedMap<String, Entry> tree, String under, char type) {
        List<String> paths = new ArrayList<>();
        tree.forEach((path, entry) -> {
            if (entry.type() == type && path.startsWith(under)) {
                try {
                    paths.add(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(
                            path.substring(2).getBytes(StandardCharsets.ISO_8859_1))).toString());
                } catch (CharacterCodingException e) {
                    // not UTF-8: no site file can name it
                }
            }
        });
        return paths;
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static Entry folder(Random random) {
        return new Entry('d', DIR_MODES[random.nextInt(DIR_MODES.length)], mtime(random), new byte[0]);
    }

    private static Entry file(Random random) {
        byte[] content = new byte[random.nextInt(5) == 0 ? 0 : random.nextInt(300)];
        random.nextBytes(content);
        return new Entry('f', FILE_MODES[random.nextInt(FILE_MODES.length)], mtime(random), content);
    }

    /** A link whose target is hostile too: relative, up and out, or absolute (links are data). */
    private static Entry link(HostileStrings gen) {
        String name = latin(gen.fileName());
        String target = switch (gen.random().nextInt(3)) {
            case 0 -> name;
            case 1 -> "../" + name;
            default -> "/nonexistent/" + name;
        };
        return new Entry('l', 0777, 0, target.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static long mtime(Random random) {
        return 1_000_000_000L + random.nextInt(1_000_000_000);
    }
}
