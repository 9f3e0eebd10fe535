"""The results written down: Results/peers/peers.json (every field, every round's
median) and Results/peers/peers.md (the tables a person reads), the Markdown made
from the JSON's fields alone.
"""
import json
import os


def best_tern(entry, threads):
    """Tern's fastest exact variant on at most `threads` threads (the fo-pooling runs on one)."""
    rows = [r for r in entry["tern"] if r["threads"] <= threads and r["exact"]]
    return min(rows, key=lambda r: r["stats"]["p50"]) if rows else None


def overhead_ns(overhead, key):
    return overhead.get(key, {}).get("timings", {}).get("1", {}).get("p50", 0)


def markdown(report, command):
    lines = ["# Tern and its peers on the same int8 layers", "",
             f"Command: `{command}` (Tern's side: `{report['tern_command']}`, in the same run).", "",
             f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, Tern ISA {report['machine']['isaActive']}, "
             f"commit {report['machine']['gitCommit']}, {report['machine']['date']}.", "",
             "Peers: " + ", ".join(f"{k} {v}" for k, v in sorted(report["versions"].items())) + ".", "",
             "Times are medians (p50) of single calls in microseconds; a peer's call is timed from Python "
             "(ONNX Runtime: run_with_iobinding with inputs bound once; LiteRT: invoke() with the input set once). "
             "The Python call overhead, measured on a graph that does no work, is shown apart and subtracted in the "
             "'ratio' columns (in the peers' favour). Ratio = Tern's time / the peer's time: below 1, Tern is faster. "
             "Tern's time is its fastest exact variant in the same run, on at most the peer's thread count. "
             f"Each figure is the best of {report.get('rounds', 1)} rounds (a round: Tern's bench, then every peer), "
             "so bursts of noise on the shared machine fall out; every round's median is in the JSON.", ""]
    overhead = report.get("overhead", {})
    if overhead:
        lines += ["| Python call overhead | p50 (us) |", "|---|---:|"]
        # ONNX Runtime first, in the order the run registers them: peers.json
        # sorts its keys, and a fixed order rebuilds peers.md from it as it was.
        for k in sorted(overhead, key=lambda k: (k != "ort", k)):
            lines.append(f"| {k} (empty graph, one thread) | {overhead[k]['timings']['1']['p50'] / 1e3:.1f} |")
        lines.append("")
    for entry in report["cases"]:
        t, k, n, width = entry["shape"]
        if entry["kind"] == "qrnn_pool":
            what = (f"fo-pooling, forward: T {t}, S {n}, pre-activation int8 gates [T, 3S]; tanh / sigmoid and the "
                    f"float32 state inside the kernel, h requantized to int8. ")
            contract = entry["contract_check"]
            agree = "exact" if contract["max_lsb"] == 0 else (
                f"within {contract['max_lsb']} LSB ({100 * contract['exact_share']:.2f} % exact; numpy's float32 tanh and exp are not the C library's)")
        else:
            what = f"{entry['kind']}: T {t}, K {k}, N {n}, width {width} ({entry['macs'] / 1e6:.1f} M multiply-adds). "
            agree = "yes" if entry["contract_check"]["ok"] else "NO"
        lines += [f"## {entry['case']}", "", what + f"Tern's output against the contract computed in numpy: {agree}.", ""]
        header = "| engine | check vs Tern | " + " | ".join(f"{th} thread{'s' if th > 1 else ''} (us)" for th in report["threads"])
        header += " | " + " | ".join(f"ratio {th}T" for th in report["threads"]) + " |"
        lines += [header, "|---|---|" + "---:|" * (2 * len(report["threads"]))]
        tern_variants = sorted({r["variant"] for r in entry["tern"]})
        for v in tern_variants:
            cells = []
            for th in report["threads"]:
                r = [x for x in entry["tern"] if x["variant"] == v and x["threads"] == th]
                cells.append(f"{r[0]['stats']['p50'] / 1e3:.1f}" if r else "-")
            rows = [x for x in entry["tern"] if x["variant"] == v]
            worst = max(x.get("maxDifference", 0 if x["exact"] else 1) for x in rows)
            tolerance = rows[0].get("tolerance", 0)
            check = "exact" if worst == 0 else (f"max {worst} LSB (its written tolerance {tolerance})" if worst <= tolerance else f"DIFFERS by {worst} LSB")
            lines.append(f"| Tern {v} | {check} | " + " | ".join(cells) + " | " + " | ".join("" for _ in report["threads"]) + " |")
        for p in entry["peers"]:
            if "error" in p:
                lines.append(f"| {p['peer']} | cannot run: {p['error']} | " + " | ".join("-" for _ in report["threads"] * 2) + " |")
                continue
            c = p["check"]
            check = "exact" if c["max_lsb"] == 0 else f"max {c['max_lsb']} LSB ({100 * c['exact_share']:.1f} % exact)"
            if not c["ok"]:
                check += " FAILS"
            cells, ratios = [], []
            key = "ort" if p["peer"].startswith("ort") else "litert"
            for th in report["threads"]:
                s = p.get("timings", {}).get(str(th))
                tern = best_tern(entry, th)
                cells.append(f"{s['p50'] / 1e3:.1f}" if s else "-")
                if s and tern:
                    peer_time = max(1.0, s["p50"] - overhead_ns(overhead, key))
                    ratios.append(f"{tern['stats']['p50'] / peer_time:.2f}")
                else:
                    ratios.append("-")
            lines.append(f"| {p['peer']} | {check} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        lines.append("")
    if report.get("models"):
        architectures = {e.get("architecture", "prado") for e in report["models"]}
        described = {
            "prado": "PRADO: int8 dense layers and n-gram convolutions, the per-channel softmax attention in float (Tern's "
                     "attention also sums in float), the int8 classifier.",
            "pqrnn": "pQRNN: the int8 bottleneck, per layer and direction the int8 gate convolutions (one CONV_2D per gate in "
                     "LiteRT, whose activations cannot hold per-channel quantization) and the fo-pooling unrolled in float "
                     "(tanh and sigmoid the peer's own; backward: the steps in reverse), the attention logit, softmax and "
                     "weighted sum in float, the int8 classifier; in ONNX Runtime three QLinearConv per direction and the "
                     "recurrence as a Scan (the backward one scanning in reverse).",
        }
        lines += ["## Whole models after the projection", "",
                  "The shipped models' int8 layers on the same projected text (T rows of ternary features); the peers' graphs "
                  "are built from their weights. " + " ".join(described[a] for a in ("prado", "pqrnn") if a in architectures)
                  + " Check: the int8 logits against Tern's.", ""]
        header = "| model, T | engine | check vs Tern | " + " | ".join(f"{th}T (us)" for th in report["threads"])
        header += " | " + " | ".join(f"ratio {th}T" for th in report["threads"]) + " |"
        lines += [header, "|---|---|---|" + "---:|" * (2 * len(report["threads"]))]
        for entry in report["models"]:
            cells = []
            for th in report["threads"]:
                r = [x for x in entry["tern"] if x["threads"] == th]
                cells.append(f"{r[0]['stats']['p50'] / 1e3:.1f}" if r else "-")
            lines.append(f"| {entry['model']}, T {entry['rows']} | Tern {entry['tern'][0]['variant']} | (the reference) | "
                         + " | ".join(cells) + " | " + " | ".join("" for _ in report["threads"]) + " |")
            for p in entry["peers"]:
                if "error" in p:
                    lines.append(f"| | {p['peer']} | cannot run: {p['error']} | " + " | ".join("-" for _ in report["threads"] * 2) + " |")
                    continue
                c = p["check"]
                check = ("exact" if c["max_lsb"] == 0 else f"max {c['max_lsb']} LSB") + ("" if c["same_argmax"] else ", other class")
                if not c["ok"]:
                    check += " FAILS"
                key = "ort" if p["peer"].startswith("ort") else "litert"
                cells, ratios = [], []
                for th in report["threads"]:
                    s = p.get("timings", {}).get(str(th))
                    tern = [x for x in entry["tern"] if x["threads"] == th]
                    cells.append(f"{s['p50'] / 1e3:.1f}" if s else "-")
                    peer_time = max(1.0, s["p50"] - overhead_ns(overhead, key)) if s else None
                    ratios.append(f"{tern[0]['stats']['p50'] / peer_time:.2f}" if s and tern else "-")
                lines.append(f"| | {p['peer']} | {check} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        lines.append("")
    return "\n".join(lines)


def write(report, out):
    """peers.json and peers.md into the folder `out`; returns the Markdown."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "peers.json"), "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
    text = markdown(report, report["command"])
    with open(os.path.join(out, "peers.md"), "w") as f:
        f.write(text + "\n")
    return text
