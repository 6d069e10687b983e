package org.backupbatch.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random hostile strings for the injection property test, reproducible from a seed: quotes,
 * {@code $()}, backticks, {@code ;}, newlines, tabs, globs, leading dashes, printf and SLF4J
 * formats, bytes that are not UTF-8, 255-byte names, and marker commands
 * ({@code $(cd;touch bb-pwned-…)}, {@code \! touch /tmp/bb-pwned-…}) that leave a file named
 * {@code bb-pwned-*} if anything ever runs them. Where a value must hold no {@code /} (a file
 * name), the markers {@code cd} first and touch a bare name: the marker lands in the home of
 * whoever ran it.
 *
 * <p>Seeds: {@code -Dbb.inject.seeds=1,2} (or env {@code BB_INJECT_SEEDS}) replays those; by
 * default the fixed {@link #FIXED_SEED} and two random seeds run, and every failure names them.
 */
public final class HostileStrings {

    /** The seed every run starts with, so that CI always covers the same strings too. */
    static final long FIXED_SEED = 20261130L;
    /** The name every marker file starts with; {@link Markers} looks for it everywhere. */
    static final String MARKER = "bb-pwned-";

    private static final String[] SHELL = {"'", "\"", "`", "\\", "$(", ")", "${", "}", "$", ";", "&&", "||", "|",
        "&", ">", "<", ">>", "2>&1", "*", "**", "**/", "?", "[", "]", "[!a]", "[a-z]", "[z-a]", "[\u00e9-a]", "[!]",
        "[]]", "[\\", "{a,b}", "{}", "~", "~root", "-rf", "--",
        "-", "-e", "-C", "--null", "--to-command=", " ", "  ", "\t", "\n", "\r", "\r\n", "%n", "%s", "%x", "%%", "%",
        "#", "!", "=", "\\n", "\\0", "\\x41", "\\'", "'\\''", "\"$HOME\"", "$IFS", "$0", "$1", "$@", "$?", "..",
        ".", ",", "^", "\\!", "*/", "/*", "/*!", "-- ", "DELIMITER ;;", "\\C latin1", "\\G", "\\q", "0x41", "NULL",
        "{0}", "\u0085", "\u00a0", "\u2028", "\ufeff", "\u00e9", "\u20ac", "\ud83d\ude00"};
    private static final String[] WORDS = {"wp-content", "index.php", "a", "backup", "site", "data", "x", "é", "€"};

    private final long seed;
    private final Random random;
    private final String token;
    private int counter;

    /**
     * @param token a word naming this run in the markers (letters and digits), so that they tell
     *              which run wrote them
     */
    public HostileStrings(long seed, String token) {
        this.seed = seed;
        this.random = new Random(seed);
        this.token = token;
    }

    /** The seeds of this run: the ones asked for, else the fixed one and two random ones. */
    public static List<Long> seeds() {
        String asked = System.getProperty("bb.inject.seeds", System.getenv("BB_INJECT_SEEDS"));
        List<Long> seeds = new ArrayList<>();
        if (asked != null && !asked.isBlank()) {
            for (String s : asked.split(",")) {
                seeds.add(Long.parseLong(s.strip()));
            }
            return seeds;
        }
        SecureRandom any = new SecureRandom();
        seeds.add(FIXED_SEED);
        seeds.add(any.nextLong() & Long.MAX_VALUE);
        seeds.add(any.nextLong() & Long.MAX_VALUE);
        return seeds;
    }

    /** How to replay a failure, for assertion messages. */
    public static String replay(List<Long> seeds) {
        return "seeds " + seeds + "; replay with -Dbb.inject.seeds="
                + String.join(",", seeds.stream().map(String::valueOf).toList());
    }

    long seed() {
        return seed;
    }

    Random random() {
        return random;
    }

    /**
     * A file name: 1 to 255 bytes, any byte but {@code /} and NUL (often not UTF-8), never
     * {@code .}, {@code ..} nor a marker's own name. One in ten is exactly 255 bytes long.
     */
    byte[] fileName() {
        int max = random.nextInt(10) == 0 ? 255 : 1 + random.nextInt(random.nextBoolean() ? 24 : 120);
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        while (name.size() < max) {
            byte[] piece = piece(false, true).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(6) == 0) {
                piece = new byte[] {(byte) (1 + random.nextInt(255))};
            }
            for (byte b : piece) {
                if (b != '/' && b != 0 && name.size() < max) {
                    name.write(b);
                }
            }
            if (max == 255 && name.size() < 255 && random.nextInt(4) == 0) {
                name.write('a' + random.nextInt(26));
            }
        }
        byte[] bytes = name.toByteArray();
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        return latin.equals(".") || latin.equals("..") || latin.startsWith(MARKER) ? fileName() : bytes;
    }

    /**
     * A text value (a folder name, a pattern, a password): 1 to {@code maxChars} characters of
     * any Unicode but NUL, never blank, {@code .} nor {@code ..}, never starting with
     * {@code ENC(}; without {@code /} unless {@code slashes}.
     */
    public String text(int maxChars, boolean slashes) {
        StringBuilder text = new StringBuilder();
        int target = 1 + random.nextInt(maxChars);
        while (text.codePointCount(0, text.length()) < target) {
            text.append(random.nextInt(5) == 0 ? anyChar(true) : piece(slashes, false));
        }
        String value = trim(slashes ? text.toString() : text.toString().replace("/", ""), maxChars);
        boolean refused = value.isBlank() || value.startsWith("ENC(") || value.startsWith(MARKER)
                || value.equals(".") || value.equals("..");
        return refused ? text(maxChars, slashes) : value;
    }

    /**
     * A MariaDB identifier: 1 to {@code maxChars} characters of the Basic Multilingual Plane
     * (supplementary characters are not allowed in names), no NUL, never ending with a space
     * (MariaDB refuses that); made unique by a suffix {@code _<n>}.
     */
    public String identifier(int maxChars) {
        StringBuilder name = new StringBuilder();
        int target = 1 + random.nextInt(maxChars);
        while (name.length() < target) {
            String piece = random.nextInt(5) == 0 ? anyChar(false) : piece(true, false);
            piece.codePoints().filter(c -> c <= 0xffff).forEach(name::appendCodePoint);
        }
        String trimmed = trim(name.toString(), maxChars);
        return trimmed + "_" + (++counter);
    }

    /** One piece: an ingredient, a marker command, a word or a random character. */
    private String piece(boolean slashes, boolean fileName) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> marker(slashes && !fileName);
            case 2 -> WORDS[random.nextInt(WORDS.length)];
            case 3 -> anyChar(!fileName);
            default -> SHELL[random.nextInt(SHELL.length)];
        };
    }

    /** A command that leaves a marker file if it runs: in a shell, in the mysql client, in SQL. */
    String marker(boolean slashes) {
        String name = MARKER + token + "-" + seed + "-" + (++counter);
        String touch = slashes ? "touch /tmp/" + name : "cd;touch " + name;
        String[] forms = {"$(" + touch + ")", "`" + touch + "`", ";" + touch + ";", "|" + touch, "&&" + touch,
            "\n" + touch + "\n", "'$(" + touch + ")'", "\"$(" + touch + ")\"", "';" + touch + ";'",
            "\";" + touch + ";\"", "\n\\! " + touch + "\n", "\\! " + touch, "\nsystem " + touch + "\n",
            "'; \\! " + touch + " #", "`; \\! " + touch + " -- ", "*/ \\! " + touch + " /*"};
        return forms[random.nextInt(forms.length)];
    }

    /** Any character but NUL: ASCII controls, Latin-1, the rest of the BMP, or a supplementary one. */
    private String anyChar(boolean supplementary) {
        int c = switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(0x7f);
            case 1 -> 0x80 + random.nextInt(0x80);
            case 2 -> 0x100 + random.nextInt(0xd800 - 0x100);
            default -> supplementary ? 0x10000 + random.nextInt(0x10ffff - 0x10000) : 0xe000 + random.nextInt(0x1ffe);
        };
        return new String(Character.toChars(c));
    }

    /** The first {@code maxChars} code points, not ending inside a surrogate pair. */
    private static String trim(String text, int maxChars) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxChars));
    }
}
