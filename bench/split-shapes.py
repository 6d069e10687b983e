"""Generates the site shapes of bench/split-shapes.sh: split-shapes.py SHAPE DIR (deterministic),
or split-shapes.py db-sql FILE TEXT_MB BLOB_MB (the DB-heavy shape's SQL; its BLOB is random)."""
import os
import random
import sys

WORDS = None


def words(rng):
    global WORDS
    if WORDS is None:
        syl = "la le ri mo sa tu ne vi co pa de ra ti lo me su ca ro fi ga na be da po ter men con pro".split()
        WORDS = ["".join(rng.choice(syl) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    return WORDS


def code(rng, size, kind):
    """Code-like text (PHP, JS or CSS), about 3x under gzip -6."""
    vocab = words(rng)
    lines, total = [], 0
    while total < size:
        w = [vocab[int(len(vocab) * rng.random() ** 3)] for _ in range(rng.randint(2, 8))]
        if kind == "css":
            line = ".%s-%s { margin: %dpx; color: #%06x; }\n" % (w[0], w[1], rng.randint(0, 40), rng.randint(0, 0xFFFFFF))
        elif kind == "js":
            line = "  const %s = %s(%s);\n" % (w[0], w[1], ", ".join(w[2:]))
        else:
            line = "    $%s = %s('%s');\n" % (w[0], w[1], " ".join(w[2:]))
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def text_files(rng, root, count, low, high):
    kinds = ["php", "js", "css"]
    for i in range(count):
        kind = kinds[i % 3]
        folder = "wp-content/plugins/plugin-%d/%s/%d" % (i % 60, kind, (i // 60) % 20)
        write(os.path.join(root, folder, "file-%d.%s" % (i, kind)), code(rng, rng.randint(low, high), kind))


def media(rng, root):
    text_files(rng, root, 20000, 500, 4000)  # ~45 MB of text
    for i in range(200):
        up = "wp-content/uploads/2026/%02d" % (1 + i % 12)
        write(os.path.join(root, up, "photo-%d.jpg" % i), os.urandom(300_000))
        write(os.path.join(root, up, "photo-%d-150x150.jpg" % i), os.urandom(20_000))
    for i in range(2):
        write(os.path.join(root, "wp-content/uploads/videos/clip-%d.mp4" % i), os.urandom(10_000_000))
    write(os.path.join(root, "wp-content/uploads/videos/interview.bin"), os.urandom(40_000_000))


def dump_sql(rng, out, text_mb, blob_mb):
    """SQL for the DB-heavy shape: WordPress-like posts of text (text_mb of dump) and one BLOB row of
    blob_mb random bytes (twice that in the dump: --hex-blob). Written to out, a binary file."""
    out.write(b"CREATE TABLE wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, "
              b"post_title text NOT NULL, post_content longtext NOT NULL) "
              b"ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
              b"CREATE TABLE wp_blobs (id int NOT NULL PRIMARY KEY, body longblob) ENGINE=InnoDB;\n")
    vocab = words(rng)
    written, row = 0, 0
    while written < text_mb << 20:
        values = []
        for _ in range(64):  # one INSERT of ~1 MB
            row += 1
            text = " ".join(vocab[int(len(vocab) * rng.random() ** 3)] for _ in range(rng.randint(1500, 3000)))
            values.append("(%d,'Post %d','%s')" % (row, row, text))
        statement = ("INSERT INTO wp_posts VALUES %s;\n" % ",".join(values)).encode()
        out.write(statement)
        written += len(statement)
    if blob_mb > 0:
        out.write(b"INSERT INTO wp_blobs VALUES (1, 0x")
        for _ in range(blob_mb):
            out.write(os.urandom(1 << 20).hex().encode())
        out.write(b");\n")


def main():
    shape, root = sys.argv[1], sys.argv[2]
    rng = random.Random(12)
    if shape == "db-site":
        text_files(rng, root, 300, 500, 4000)  # a small WordPress-like tree beside the database
    elif shape == "db-sql":
        with open(root, "wb") as out:
            dump_sql(rng, out, int(sys.argv[3]), int(sys.argv[4]))
    elif shape == "media":
        media(rng, root)
    elif shape == "text":
        text_files(rng, root, 6000, 5000, 45000)  # ~150 MB
    elif shape == "small":
        text_files(rng, root, 100000, 200, 2000)
    else:
        raise SystemExit("unknown shape " + shape)


if __name__ == "__main__":
    main()
