"""A small seeded data set that a bag of words separates: each class has its
own words, mixed with shared filler."""
import os
import random

CLASS_WORDS = {"0": ["dull", "boring", "awful", "weak", "bland"], "1": ["great", "superb", "lovely", "vivid", "fine"],
               "2": ["when", "where", "who", "which", "how"]}
FILLER = ["the", "film", "a", "plot", "was", "and", "it", "scene", "story", "of"]


def rows(count, seed, classes=("0", "1")):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        label = classes[i % len(classes)]
        words = rng.choices(FILLER, k=rng.randint(3, 8)) + rng.choices(CLASS_WORDS[label], k=2)
        rng.shuffle(words)
        out.append((label, " ".join(words)))
    return out


def write_dataset(folder, dev=True, classes=("0", "1")):
    """train.tsv (200), test.tsv (60) and, when `dev`, dev.tsv (40)."""
    os.makedirs(folder, exist_ok=True)
    splits = [("train", rows(200, 1, classes)), ("test", rows(60, 2, classes))] + ([("dev", rows(40, 3, classes))] if dev else [])
    for name, data in splits:
        with open(os.path.join(folder, name + ".tsv"), "w") as f:
            f.writelines(f"{label}\t{text}\n" for label, text in data)
