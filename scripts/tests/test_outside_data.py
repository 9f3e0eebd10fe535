"""scripts/outside-data without the network: its catalog reader, its split and
what it drops (the .deb download itself is not run here)."""
import importlib.machinery
import importlib.util
import os
import struct
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "outside-data")
loader = importlib.machinery.SourceFileLoader("outside_data", SCRIPT)
spec = importlib.util.spec_from_loader("outside_data", loader)
outside = importlib.util.module_from_spec(spec)
loader.exec_module(outside)


def mo_bytes(pairs, big_endian=False):
    """A gettext catalog holding pairs [(msgid bytes, msgstr bytes)], as msgfmt lays it out."""
    order = ">" if big_endian else "<"
    count = len(pairs)
    originals, translations = 28, 28 + 8 * count
    data_start = 28 + 16 * count
    blob, o_table, t_table = b"", b"", b""
    for source, _ in pairs:
        o_table += struct.pack(order + "2I", len(source), data_start + len(blob))
        blob += source + b"\0"
    for _, target in pairs:
        t_table += struct.pack(order + "2I", len(target), data_start + len(blob))
        blob += target + b"\0"
    header = struct.pack(order + "5I", 0x950412DE, 0, count, originals, translations) + struct.pack(order + "2I", 0, 0)
    return header + o_table + t_table + blob


class OutsideDataTests(unittest.TestCase):
    def test_reads_a_latin1_catalog_by_its_charset(self):
        # Python's gettext refuses such a catalog (it decodes as UTF-8 first).
        header = b"Content-Type: text/plain; charset=ISO-8859-1\n"
        pairs = [(b"", header), (b"File exists", "Le fichier existe d\u00e9j\u00e0".encode("latin-1")),
                 (b"%d file\0%d files", b"%d fichier\0%d fichiers")]
        for big_endian in (False, True):
            with tempfile.NamedTemporaryFile(suffix=".mo", delete=False) as f:
                f.write(mo_bytes(pairs, big_endian))
            try:
                self.assertEqual(outside.read_mo(f.name), [("File exists", "Le fichier existe d\u00e9j\u00e0"),
                                                           ("%d file", "%d fichier")])
            finally:
                os.unlink(f.name)

    def test_refuses_a_file_that_is_no_catalog(self):
        with tempfile.NamedTemporaryFile(suffix=".mo", delete=False) as f:
            f.write(b"not a catalog at all")
        try:
            with self.assertRaises(SystemExit) as caught:
                outside.read_mo(f.name)
            self.assertIn("not a gettext catalog", str(caught.exception))
        finally:
            os.unlink(f.name)

    def test_split_is_a_function_of_the_key_alone(self):
        keys = [f"message {i}" for i in range(2000)]
        first = [outside.split_of(k) for k in keys]
        self.assertEqual(first, [outside.split_of(k) for k in reversed(keys)][::-1])
        share = {s: first.count(s) / len(first) for s in ("train", "dev", "test")}
        self.assertAlmostEqual(share["train"], 0.8, delta=0.03)
        self.assertAlmostEqual(share["dev"], 0.1, delta=0.02)

    def test_drops_short_ambiguous_and_repeated_texts(self):
        rows = [("train", "de", "Datei  existiert\tbereits"), ("train", "de", "Datei existiert bereits"),
                ("train", "de", "ok"), ("dev", "da", "Fejl ved læsning"), ("test", "nb", "Fejl ved læsning"),
                ("test", "sv", "Filen finns redan")]
        with tempfile.TemporaryDirectory() as out:
            outside.write([(s, l, outside.clean(t)) for s, l, t in rows], out, "set", [("pkg", "1.0", "00")], "test set")
            def text(name):
                with open(os.path.join(out, "set", name), encoding="utf-8") as f:
                    return f.read()
            read = {split: text(f"{split}.tsv") for split in ("train", "dev", "test")}
            provenance = text("PROVENANCE.txt")
        self.assertEqual(read, {"train": "de\tDatei existiert bereits\n", "dev": "", "test": "sv\tFilen finns redan\n"})
        self.assertIn("rows: train 1, dev 0, test 1; 4 dropped", provenance)
        self.assertIn("pkg 1.0 00", provenance)

    def test_fortunes_are_split_at_percent_lines(self):
        with tempfile.TemporaryDirectory() as root:
            folder = os.path.join(root, "usr/share/games/fortunes")
            os.makedirs(folder)
            for name in outside.FORTUNE_FILES:
                with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                    f.write(f"First {name}\nsaying.\n%\nSecond {name}\n\t-- someone\n%\n")
            rows = outside.fortune_rows(root)
        self.assertEqual(len(rows), 2 * len(outside.FORTUNE_FILES))
        self.assertIn((outside.split_of("First art saying."), "art", "First art saying."), rows)
        self.assertIn("Second zippy -- someone", [text for _, _, text in rows])


if __name__ == "__main__":
    unittest.main()
