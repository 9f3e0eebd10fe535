"""baselines.json and baselines.md: every record (a baseline, or a shipped
Tern model timed on the same machine by `bench shipped`), the Markdown made
from the JSON's fields alone so it can be rebuilt from the committed file."""
import json
import os

DATASET_ORDER = ["trec", "mr", "sst2_sentences", "sst5", "tweeteval_offensive", "sst2_glue", "imdb"]
KIND_ORDER = {"tern-shipped": 0, "baseline": 1}
NAME_ORDER = ["fastText full", "fastText <= 200 KB", "TF-IDF LR", "NBSVM"]


def order_key(r):
    d, name = r["dataset"], r["name"]
    return (DATASET_ORDER.index(d) if d in DATASET_ORDER else len(DATASET_ORDER), d, KIND_ORDER.get(r["kind"], 2),
            NAME_ORDER.index(name) if name in NAME_ORDER else len(NAME_ORDER), name)


def merge(previous, fresh, replace_tern):
    """Records of `fresh` replace those of the same data set and name, and
    all shipped Tern records when replace_tern; the rest are kept."""
    made = {(r["dataset"], r["name"]) for r in fresh}

    def stays(r):
        if r["kind"] == "tern-shipped" and replace_tern:
            return False
        return (r["dataset"], r["name"]) not in made
    return sorted([r for r in previous if stays(r)] + fresh, key=order_key)


def quality(r, value):
    return f"{100 * value:.2f} %" if r["metric"] == "accuracy" else f"{value:.4f}"


def micros(ns):
    return "-" if ns is None else f"{ns / 1e3:.1f}"


def seconds(s):
    return "-" if s is None else f"{s:.1f} s" if s < 10 else f"{s:.0f} s"


def size(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def cell(r):
    if r is None:
        return "-"
    return f"{quality(r, r['test'])}, {size(r['bytes'])}, {micros(r.get('medianLatencyNs'))} us"


def summary(records, datasets):
    """Per data set: the best shipped Tern model beside each baseline (test figure, bytes, median-text latency)."""
    names = []
    for r in records:
        if r["kind"] == "baseline" and r["name"] not in names:
            names.append(r["name"])
    lines = ["## Summary", "",
             "Per data set: test figure, bytes, one text of the median length on one thread. Tern: the better "
             "of the shipped PRADO and pQRNN on the test figure.", "",
             "| data set | metric | Tern shipped (best) | " + " | ".join(names) + " |",
             "|---|---|---|" + "---|" * len(names)]
    for d in datasets:
        rows = [r for r in records if r["dataset"] == d]
        tern = [r for r in rows if r["kind"] == "tern-shipped"]
        best = max(tern, key=lambda r: r["test"]) if tern else None
        by_name = {r["name"]: r for r in rows if r["kind"] == "baseline"}
        label = f"{best['name']}: {cell(best)}" if best else "-"
        lines.append(f"| {d} | {rows[0]['metric']} | {label} | " + " | ".join(cell(by_name.get(n)) for n in names) + " |")
    return lines + [""]


def markdown(report):
    records = sorted(report["records"], key=order_key)
    machines = sorted({f"{r['machine']['cpu']}, {r['machine']['cores']} cores" for r in records})
    lines = ["# Baselines beside Tern", "",
             "What a user would otherwise pick for a tiny on-device text classifier, trained and timed here on Tern's "
             "splits, beside the shipped Tern models (Results/trained) timed on the same machine by `bench shipped`. "
             "Hyper-parameters chosen on dev only; test figures once, at the end.", "",
             f"Command: `{report['command']}`", "",
             "Machine: " + "; ".join(machines), "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(report.get("versions", {}).items())), "",
             "Latency: p50 of one text of the test split's median and 95th-percentile length (whitespace words), one "
             "thread, the best of several rounds. fastText: its C++ predict through the Python binding, less the "
             "binding's call cost measured the same way. Tern: the int8 engine, release build. TF-IDF LR and NBSVM: "
             "scikit-learn's Python pipeline, mostly interpreter time (an upper bound, not a kernel's time). Bytes: the "
             "model file (fastText .ftz, Tern .safetensors); for the linear models the float32 weights they keep.", ""]
    datasets = []
    for r in records:
        if r["dataset"] not in datasets:
            datasets.append(r["dataset"])
    lines += summary(records, datasets)
    for d in datasets:
        rows = [r for r in records if r["dataset"] == d]
        first = rows[0]
        lines += [f"## {d}", "",
                  f"Test {first['metric']}; timed texts of {first['medianWords']} and {first['p95Words']} words.", "",
                  "| model | configuration | test | dev | bytes | median 1T (us) | p95 1T (us) | training | machine |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---|"]
        for r in rows:
            dev = "-" if r.get("dev") is None else quality(r, r["dev"])
            training = seconds(r.get("trainingSeconds"))
            lines.append(f"| {r['name']} | {r['configuration']} | {quality(r, r['test'])} | {dev} | {r['bytes']} ({size(r['bytes'])}) | "
                         f"{micros(r.get('medianLatencyNs'))} | {micros(r.get('p95LatencyNs'))} | {training} | {r['machine']['cpu']} |")
        lines.append("")
        source = next((r.get("devSource") for r in rows if r.get("devSource")), None)
        if source:
            lines += [f"Dev for the baselines' choices: {source}.", ""]
    return "\n".join(lines)


def write(report, out):
    os.makedirs(out, exist_ok=True)
    report["records"] = sorted(report["records"], key=order_key)
    text = json.dumps(report, indent=1, sort_keys=True) + "\n"  # whole before any byte is written: no half file
    path = os.path.join(out, "baselines.json")
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
    text = markdown(report)
    with open(os.path.join(out, "baselines.md"), "w") as f:
        f.write(text + "\n")
    return text
