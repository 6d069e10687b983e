package org.backupbatch.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tree of any names, made and read by a small Perl script run as root: the JVM cannot name a
 * file whose name is not UTF-8, Perl takes names as bytes (and {@code perl-base} is on every
 * Debian). Paths are ISO-8859-1 strings holding the raw bytes, relative, {@code ./a/b} as
 * {@code find} prints them; what is compared is type, permission bits, mtime (not for links),
 * and the content or link target byte for byte.
 */
final class ByteTree {

    /** One entry: {@code d}, {@code f} or {@code l}; payload is the content or the link target. */
    record Entry(char type, int mode, long mtime, byte[] payload) {

        /** What a comparison looks at, readable in a failure. */
        String describe() {
            return type + " mode=" + Integer.toOctalString(mode) + (type == 'l' ? "" : " mtime=" + mtime)
                    + (type == 'd' ? "" : " " + HexFormat.of().formatHex(payload));
        }
    }

    private static final String WRITER = """
            $/ = "\\0"; my @dirs;
            while (defined(my $t = <STDIN>)) {
              chomp $t; chomp(my $mode = <STDIN>); chomp(my $mtime = <STDIN>);
              chomp(my $path = <STDIN>); chomp(my $hex = <STDIN>); my $data = pack("H*", $hex);
              if ($t eq "d") { mkdir($path, 0700) or die "mkdir $path: $!"; push @dirs, [$path, oct($mode), $mtime]; }
              elsif ($t eq "f") {
                open(my $f, ">:raw", $path) or die "open $path: $!"; print $f $data; close($f) or die "close: $!";
                chmod(oct($mode), $path) or die "chmod: $!"; utime($mtime, $mtime, $path) or die "utime: $!";
              } else { symlink($data, $path) or die "symlink $path: $!"; }
            }
            for my $d (reverse @dirs) { chmod($d->[1], $d->[0]) or die; utime($d->[2], $d->[2], $d->[0]) or die; }
            """;

    private static final String READER = """
            binmode STDOUT;
            sub walk {
              my ($p) = @_; my @st = lstat($p) or die "lstat $p: $!";
              my $type = -l _ ? "l" : -d _ ? "d" : -f _ ? "f" : "o"; my $payload = "";
              if ($type eq "f") { open(my $f, "<:raw", $p) or die "open $p: $!"; local $/; $payload = <$f> // ""; close $f; }
              elsif ($type eq "l") { $payload = readlink($p); }
              printf "%s\\0%s %o %d\\0%s\\0", $p, $type, $st[2] & 07777, $st[9], unpack("H*", $payload);
              if ($type eq "d") {
                opendir(my $d, $p) or die "opendir $p: $!"; my @names = grep { $_ ne "." && $_ ne ".." } readdir($d);
                closedir $d; walk("$p/$_") for @names;
              }
            }
            walk(".");
            """;

    private ByteTree() {
    }

    /**
     * Creates the entries under {@code root} (which must exist), parents before children, then
     * sets the folders' modes and mtimes deepest first.
     */
    static void write(Path root, SortedMap<String, Entry> entries) {
        ByteArrayOutputStream spec = new ByteArrayOutputStream();
        entries.forEach((path, e) -> {
            if (!path.equals(".")) {
                field(spec, String.valueOf(e.type()));
                field(spec, Integer.toOctalString(e.mode()));
                field(spec, Long.toString(e.mtime()));
                field(spec, path);
                field(spec, HexFormat.of().formatHex(e.payload()));
            }
        });
        Processes.Result run = Processes.run(List.of("perl", "-e", WRITER), root, Map.of(), spec.toByteArray());
        if (run.exit() != 0) {
            throw new AssertionError("writing the tree in " + root + " failed: " + run);
        }
    }

    /** Reads every entry under {@code root}, {@code .} included. */
    static SortedMap<String, Entry> read(Path root) {
        byte[] out = Processes.check(List.of("sh", "-c", "perl -e '" + READER.replace("'", "'\\''") + "' | base64 -w0"),
                root).strip().transform(s -> java.util.Base64.getDecoder().decode(s));
        SortedMap<String, Entry> tree = new TreeMap<>();
        String[] fields = new String(out, StandardCharsets.ISO_8859_1).split("\0", -1);
        for (int i = 0; i + 2 < fields.length; i += 3) {
            String[] attrs = fields[i + 1].split(" ");
            tree.put(fields[i], new Entry(attrs[0].charAt(0), Integer.parseInt(attrs[1], 8), Long.parseLong(attrs[2]),
                    HexFormat.of().parseHex(fields[i + 2])));
        }
        return tree;
    }

    private static void field(ByteArrayOutputStream spec, String value) {
        spec.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
        spec.write(0);
    }

    static String describe(Map<String, Entry> tree) {
        StringBuilder text = new StringBuilder();
        tree.forEach((path, e) -> text.append(printable(path)).append(" -> ").append(e.describe()).append('\n'));
        return text.toString();
    }

    /** A path or name on one line: every character outside printable ASCII as an escape ({@code \x09}, {@code \}{@code u20ac}). */
    static String printable(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c)
                    : c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}
