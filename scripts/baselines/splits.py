"""The data sets as Tern reads them, so the baselines train, select and test on
Tern's very splits: `label<TAB>text` lines split on LF only (IMDB and MR hold
U+0085, which str.splitlines would break at), a trailing CR dropped, empty
lines skipped; labels sorted numerically when all are integers. A data set
without dev.tsv holds out the dev share of train that `tern train` holds out
(TrainingRun.trainAndDev: SplitMix64 seeded with seed ^ 0xDE5, a Fisher-Yates
shuffle, the first 10 % as dev); the sweep's Tern models used seed 1.
"""
import math
import os

MASK64 = (1 << 64) - 1


class SplitMix64:
    """Steele, Lea and Flood's generator, as Kernels/Projection's SplitMix64."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def read_lines(path):
    """(line number, line) of a file as Tern reads it: split at LF alone, a
    trailing CR dropped, empty lines skipped, invalid UTF-8 replaced."""
    with open(path, "rb") as f:
        data = f.read()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if raw:
            yield number, raw.decode("utf-8", errors="replace")


def read_tsv(path):
    """[(label, text)] of one split file. Raises ValueError naming the line
    of a row without label<TAB>text."""
    rows = []
    for number, line in read_lines(path):
        label, tab, text = line.partition("\t")
        label = label.strip()
        if not tab or not label:
            raise ValueError(f"{path}:{number}: expected label<TAB>text")
        if "," in label:
            raise ValueError(f"{path}:{number}: multi-label rows are not handled by the baselines")
        rows.append((label, text))
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def label_order(labels):
    """Tern's label list: numeric order when every label is an integer."""
    distinct = sorted(set(labels))
    try:
        return sorted(distinct, key=int)
    except ValueError:
        return distinct


def hold_out(rows, seed=1, fraction=0.1):
    """(train, dev) as `tern train --seed SEED` splits a data set without dev.tsv."""
    rng = SplitMix64(seed ^ 0xDE5)
    shuffled = list(rows)
    for i in range(len(shuffled) - 1, 0, -1):
        j = rng.next() % (i + 1)
        shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
    held = max(1, int(len(shuffled) * fraction))
    return shuffled[held:], shuffled[:held]


class Splits:
    """train, dev and test of one data set folder; `dev_source` says where dev came from."""

    def __init__(self, folder, seed=1):
        self.name = os.path.basename(os.path.normpath(folder))
        train = read_tsv(os.path.join(folder, "train.tsv"))
        dev_path = os.path.join(folder, "dev.tsv")
        if os.path.exists(dev_path):
            self.train, self.dev = train, read_tsv(dev_path)
            self.dev_source = "dev.tsv"
        else:
            self.train, self.dev = hold_out(train, seed)
            self.dev_source = f"10 % of train.tsv held out as tern train --seed {seed} does (SplitMix64)"
        self.test = read_tsv(os.path.join(folder, "test.tsv"))
        self.labels = label_order([label for label, _ in train])
        known = set(self.labels)
        for split, rows in (("dev", self.dev), ("test", self.test)):
            unknown = {label for label, _ in rows} - known
            if unknown:
                raise ValueError(f"{self.name}: {split} labels {sorted(unknown)} are not in train")


# Unicode's White_Space property: what Swift's Character.isWhitespace tests,
# which Tern's Sweep.lengthTexts splits words on. Python's str.split differs
# (it splits at U+001C..U+001F, not at all of these in every version).
WHITE_SPACE = frozenset([*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
                         0x202F, 0x205F, 0x3000])


def word_count(text):
    """Runs of non-White_Space characters."""
    count, inside = 0, False
    for ch in text:
        if ord(ch) in WHITE_SPACE:
            inside = False
        elif not inside:
            inside, count = True, count + 1
    return count


def length_texts(texts):
    """(median text, p95 text, median words, p95 words) by Tern's rule
    (Sweep.lengthTexts): order by (words, index), the median at (n-1)//2,
    the 95th percentile at ceil(0.95 n) - 1. Every model of a data set is
    timed on these two texts."""
    if not texts:
        raise ValueError("no texts")
    words = [word_count(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: (words[i], i))
    n = len(order)
    m = order[(n - 1) // 2]
    p = order[min(n - 1, math.ceil(0.95 * n) - 1)]  # in doubles, as Swift computes it
    return texts[m], texts[p], words[m], words[p]
