package org.backupbatch.cli;

import java.io.PrintStream;
import java.util.List;
import org.backupbatch.config.EffectiveConfig;
import org.backupbatch.config.EffectiveConfig.Entry;

/**
 * Prints an {@link EffectiveConfig} as {@code job=config} shows it: one line a value, in three
 * columns (key, value, where it came from), a list's items below it. Values arrive masked; this
 * only lays them out.
 */
final class EffectiveConfigTable {

    /** Longer values push their source further right rather than widen every line. */
    private static final int MAX_VALUE_COLUMN = 36;

    private EffectiveConfigTable() {
    }

    static void print(EffectiveConfig config, PrintStream out) {
        out.println("# site " + config.site() + ": jobs/" + config.site() + ".yaml; layers, later wins: "
                + String.join(" <- ", config.layers()));
        List<Entry> entries = config.entries();
        int keyWidth = entries.stream().mapToInt(e -> e.key().length()).max().orElse(0);
        int valueWidth = Math.min(MAX_VALUE_COLUMN, entries.stream().mapToInt(e -> shown(e).length()).max().orElse(0));
        for (Entry entry : entries) {
            out.println(pad(entry.key(), keyWidth) + "  " + pad(shown(entry), valueWidth) + "  " + entry.source());
            if (entry.isList()) {
                entry.items().forEach(item -> out.println("  - " + item));
            }
        }
        wpConfigNote(config, out);
    }

    /** For WordPress, what each run reads from wp-config.php: the database keys the site file does not set. */
    private static void wpConfigNote(EffectiveConfig config, PrintStream out) {
        Entry app = config.entry("site.app_type");
        Entry enabled = config.entry("database.enabled");
        if (app == null || !"wordpress".equals(app.value()) || enabled != null && "false".equals(enabled.value())) {
            return;
        }
        List<String> fromWpConfig = List.of("name", "user", "password", "host").stream().filter(key -> {
            Entry entry = config.entry("database." + key);
            return entry == null || !entry.source().endsWith("site file");
        }).toList();
        if (!fromWpConfig.isEmpty()) {
            out.println("# read from wp-config.php at each run, as the site file does not set them: database "
                    + String.join(", ", fromWpConfig));
        }
    }

    private static String shown(Entry entry) {
        if (!entry.isList()) {
            return entry.value();
        }
        return entry.items().isEmpty() ? "[]" : "(" + entry.items().size() + " items)";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
