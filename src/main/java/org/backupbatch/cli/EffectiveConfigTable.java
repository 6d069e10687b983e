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
        Entry app = config.entry("site.app_type");
        if (app != null && "wordpress".equals(app.value()) && config.entry("database.name") == null) {
            out.println("# database name, user, password and host: read from wp-config.php at each run");
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
