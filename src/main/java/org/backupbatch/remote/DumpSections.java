package org.backupbatch.remote;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.backupbatch.ssh.ShellQuote;

/**
 * Cuts a dump into sections on the host, where it is made, with awk (POSIX, one line held at a
 * time): the header, then each table (or view) with its triggers, the events, the routines,
 * and the footer. A section starts at mysqldump's comment block naming it (a blank line,
 * {@code --}, {@code -- Table structure for table `t`}, …); the footer starts at the line that
 * puts the time zone back. Any rule would do as long as it is the same each night: the sections
 * always concatenate back to the dump, byte for byte.
 *
 * <p>Two modes. {@code hash}: every section goes through {@code sha256sum} and only its number
 * and sum come out, one line each ({@code 3 <hex>  -}). {@code send}: the sections the local
 * side already holds are hashed the same way and announced by {@code <nonce> skip <n> <hex>  -};
 * the others come whole after a line {@code <nonce> send <n>}. The nonce is drawn for each run,
 * so no line of a dump (a trigger's body may hold any line) can pass for one.
 */
final class DumpSections {

    private static final String PROGRAM = """
            function marker(s) {
              return index(s, "-- Table structure for table ") == 1 \\
                || index(s, "-- Temporary table structure for view ") == 1 \\
                || index(s, "-- Final view structure for view ") == 1 \\
                || index(s, "-- Dumping events for database ") == 1 \\
                || index(s, "-- Dumping routines for database ") == 1
            }
            function finish() {
              if (hashing && used) { close(cmd) } else if (hashing) { print empty "  -" }
              used = 0
            }
            function start() {
              finish(); n++
              if (mode == "hash") { printf "%d ", n; fflush(); hashing = 1 }
              else if (index(skip, " " n " ")) { printf "%s skip %d ", nonce, n; fflush(); hashing = 1 }
              else { print nonce " send " n; hashing = 0 }
            }
            function out(s) { if (hashing) { print s | cmd; used = 1 } else { print s } }
            function release() { if (held >= 1) out(""); if (held >= 2) out("--"); held = 0 }
            BEGIN { cmd = "sha256sum"; empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; start() }
            {
              if (!footer && $0 == "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;") { release(); start(); footer = 1; out($0); next }
              if (held == 2 && !footer && marker($0)) { held = 0; start(); out(""); out("--"); out($0); next }
              if (held == 1 && $0 == "--") { held = 2; next }
              release()
              if ($0 == "") { held = 1; next }
              out($0)
            }
            END { release(); finish() }
            """;

    private DumpSections() {
    }

    /** The awk stage that prints each section's number and sum. */
    static String hashCommand() {
        return "LC_ALL=C awk -v mode=hash " + ShellQuote.quote(PROGRAM);
    }

    /**
     * The awk stage that sends the sections not in {@code skip} and hashes those in it.
     *
     * @param skip  section numbers, from 1
     * @param nonce a word of letters and digits
     */
    static String sendCommand(Collection<Integer> skip, String nonce) {
        StringBuilder list = new StringBuilder(" ");
        new TreeSet<>(skip).forEach(n -> list.append(n).append(' '));
        return "LC_ALL=C awk -v mode=send -v nonce=" + nonce + " -v skip=" + ShellQuote.quote(list.toString())
                + " " + ShellQuote.quote(PROGRAM);
    }

    /**
     * What a section holds, as its first lines say.
     *
     * @param kind {@code header}, {@code table}, {@code view}, {@code view-final}, {@code events},
     *             {@code routines} or {@code footer}
     * @param name the table or view (UTF-8); null for the other kinds
     */
    record Name(String kind, String name) {
    }

    private static final Map<String, String> KINDS = Map.of("-- Table structure for table ", "table",
            "-- Temporary table structure for view ", "view", "-- Final view structure for view ", "view-final",
            "-- Dumping events for database ", "events", "-- Dumping routines for database ", "routines");

    /** @param head the section's first lines (up to three), as ISO-8859-1 chars */
    static Name name(String[] head) {
        if (head.length > 0 && head[0].equals("/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;")) {
            return new Name("footer", null);
        }
        if (head.length >= 3 && head[0].isEmpty() && head[1].equals("--")) {
            for (Map.Entry<String, String> kind : KINDS.entrySet()) {
                if (head[2].startsWith(kind.getKey())) {
                    String rest = head[2].substring(kind.getKey().length());
                    if (!closed(rest) && head.length > 3) {
                        // mysqldump's comments go on after a line break in a name with "-- "
                        rest += "\n" + (head[3].startsWith("-- ") ? head[3].substring(3) : head[3]);
                    }
                    boolean named = !kind.getValue().equals("events") && !kind.getValue().equals("routines");
                    return new Name(kind.getValue(), named ? unquote(rest) : null);
                }
            }
        }
        return new Name("header", null);
    }

    /** Whether a quoted name ends on this line: after its opening backquote, an odd run of them closes it. */
    private static boolean closed(String quoted) {
        if (!quoted.startsWith("`")) {
            return true;
        }
        int run = 0;
        for (int i = quoted.length() - 1; i > 0 && quoted.charAt(i) == '`'; i--) {
            run++;
        }
        return run % 2 == 1;
    }

    /** A name as mysqldump quotes it in its comments: in backquotes, a backquote doubled. */
    private static String unquote(String quoted) {
        String inner = quoted.length() >= 2 && quoted.startsWith("`") && quoted.endsWith("`")
                ? quoted.substring(1, quoted.length() - 1).replace("``", "`") : quoted;
        return DumpInspector.utf8(inner);
    }

    /**
     * The sums of the hash mode's output, by section number.
     *
     * @throws IllegalArgumentException when a line is not {@code <n> <hex>  -}
     */
    static Map<Integer, String> parseSums(List<String> lines) {
        Map<Integer, String> sums = new LinkedHashMap<>();
        for (String line : lines) {
            String[] words = line.strip().split(" +");
            if (words.length != 3 || !words[0].matches("[0-9]+") || !words[1].matches("[0-9a-f]{64}")
                    || !words[2].equals("-")) {
                throw new IllegalArgumentException("not a section's sum: " + line);
            }
            sums.put(Integer.parseInt(words[0]), words[1]);
        }
        return sums;
    }
}
