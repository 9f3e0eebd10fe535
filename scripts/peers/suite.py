"""Every peer on every exported case: its graph built, its output checked
against Tern's (and Tern's against the contract), its runners (one per thread
count) registered for the timing rounds.
"""
import json
import os
import platform
import sys

import numpy as np

from cases import load_case, load_model, pooling_inputs
from contract import compare, contract_output, pooling_output
from graphs_onnx import onnx_graphs, onnx_identity, pooling_onnx, pqrnn_onnx, prado_onnx
from graphs_tflite import pooling_tflite, pqrnn_tflite, prado_tflite, tflite_model, tflite_overhead_model
from runners import LiteRTRunner, OrtRunner


def run(folder, threads_list, timers):
    """Checks every peer on the cases of `folder` and registers its runners
    (one per thread count) in `timers`; timing happens in rounds (measure)."""
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    import onnxruntime
    import ai_edge_litert
    versions = {"onnxruntime": onnxruntime.__version__, "ai-edge-litert": getattr(ai_edge_litert, "__version__", "unknown"),
                "numpy": np.__version__, "python": platform.python_version()}
    try:
        from importlib.metadata import version
        versions["ai-edge-litert"] = version("ai-edge-litert")
        versions["onnx"] = version("onnx")
    except Exception:
        pass
    report = {"machine": manifest["machine"], "tern_command": manifest["command"], "versions": versions, "threads": threads_list,
              "cases": [], "overhead": {}}
    model, feeds = onnx_identity()
    for key, runner in [("ort", OrtRunner(model, feeds, 1)), ("litert", LiteRTRunner(tflite_overhead_model(), [np.zeros(1, np.int8)] * 2, 1, False))]:
        report["overhead"][key] = {}
        timers.append((report["overhead"][key], {1: runner}))
    for case in manifest["cases"]:
        x, w, bias, reference = load_case(folder, case)
        pooling = case["kind"] == "qrnn_pool"
        # The pooling's contract is float32 arithmetic: numpy's tanh and exp may differ from the C library's by an ulp.
        contract = pooling_output(case, x) if pooling else contract_output(case, x, w, bias)
        entry = {"case": case["id"], "kind": case["kind"], "shape": [case["rows"], case["inputs"], case["outputs"], case["width"]],
                 "macs": 0 if pooling else case["rows"] * case["inputs"] * case["outputs"] * case["width"],
                 "contract_check": compare("numpy contract", contract, reference, 1 if pooling else 0), "peers": [],
                 "tern": [r for r in manifest["tern"] if r["caseID"] == case["id"]]}
        runners = []
        if pooling:
            feeds = pooling_inputs(case, x)
            onnx_bytes = pooling_onnx(case)
            runners.append(("ort Scan (loop over T, float state)", False, lambda y: y,
                            lambda threads: OrtRunner(onnx_bytes, dict(zip("ZFO", feeds)), threads)))
            tfl, op_count = pooling_tflite(case)
            entry["litert_ops"] = op_count
            for xnnpack in (True, False):
                runners.append((f"litert unrolled, {op_count} ops ({'XNNPACK' if xnnpack else 'no XNNPACK'})", False, lambda y: y,
                                lambda threads, xn=xnnpack: LiteRTRunner(tfl, feeds, threads, xn)))
        else:
            for name, model, feeds, to_tern, exact in onnx_graphs(case, x, w, bias):
                runners.append((name, exact, to_tern, lambda threads, m=model, f=feeds: OrtRunner(m, f, threads)))
            tfl, feed, to_tern = tflite_model(case, x, w, bias)
            for xnnpack in (True, False):
                name = "litert " + ("FULLY_CONNECTED" if case["kind"] == "dense" else "PAD + CONV_2D") + (" (XNNPACK)" if xnnpack else " (no XNNPACK)")
                runners.append((name, False, to_tern, lambda threads, x=xnnpack: LiteRTRunner(tfl, [feed], threads, x)))
        for name, exact, to_tern, make in runners:
            peer = {"peer": name}
            try:
                first = make(1)
                peer["check"] = compare(name, to_tern(first.output()), reference, 0 if exact else 1)
                timers.append((peer, {th: first if th == 1 else make(th) for th in threads_list}))
            except Exception as error:  # a peer that cannot run this case: said in the report, not hidden
                peer["error"] = f"{type(error).__name__}: {error}".split("\n")[0][:300]
            print(f"peers: {case['id']}: {name}: " + (peer.get("error") or f"max diff {peer['check']['max_lsb']} LSB"), file=sys.stderr)
            entry["peers"].append(peer)
        report["cases"].append(entry)
    report["models"] = run_models(folder, manifest, threads_list, timers)
    return report


def run_models(folder, manifest, threads_list, timers):
    results = []
    for model in manifest.get("models", []):
        layers = load_model(folder, model)
        pqrnn = model.get("architecture") == "pqrnn"
        for item in model["inputs"]:
            rows = item["rows"]
            x = np.fromfile(os.path.join(folder, item["featuresFile"]), dtype=np.int8).reshape(rows, model["features"])
            expected = np.array(item["ternLogits"], dtype=np.int8)
            entry = {"case": f"{model['name']}_T{rows}", "model": model["name"], "architecture": model.get("architecture", "prado"),
                     "rows": rows, "tern": item["tern"], "peers": []}
            xu = np.ascontiguousarray((x.astype(np.int16) + 128).astype(np.uint8).T.reshape(1, model["features"], 1, rows))
            if pqrnn:
                tfl, onnx_bytes = pqrnn_tflite(model, layers, rows), pqrnn_onnx(model, layers, rows)
                ort_label = "ort QLinearConv graph, Scan recurrence (u8 activations, float attention)"
                label = "litert builtins, unrolled float recurrence, float attention"
            else:
                tfl, onnx_bytes = prado_tflite(model, layers, rows), prado_onnx(model, layers, rows)
                ort_label = "ort QLinearConv graph (u8 activations, float attention)"
                label = "litert builtins, float attention"
            makers = [(ort_label, lambda th, m=onnx_bytes: OrtRunner(m, {"X": xu}, th),
                       lambda y: (y.reshape(-1).astype(np.int16) - 128).astype(np.int8))]
            for xnnpack in (True, False):
                makers.append((f"{label} ({'XNNPACK' if xnnpack else 'no XNNPACK'})",
                               lambda th, xn=xnnpack, m=tfl: LiteRTRunner(m, [x], th, xn), lambda y: y.reshape(-1)))
            # The peers' float attention (and pQRNN's tanh and sigmoid) are theirs, not Tern's tables: one step.
            tolerance = 1
            for name, make, to_tern in makers:
                peer = {"peer": name}
                try:
                    first = make(1)
                    peer["check"] = compare(name, to_tern(first.output()), expected, tolerance)
                    peer["check"]["same_argmax"] = bool(np.argmax(to_tern(first.output())) == np.argmax(expected))
                    timers.append((peer, {th: first if th == 1 else make(th) for th in threads_list}))
                except Exception as error:
                    peer["error"] = f"{type(error).__name__}: {error}".split("\n")[0][:300]
                print(f"peers: {entry['case']}: {name}: " + (peer.get("error") or f"max diff {peer['check']['max_lsb']} LSB"), file=sys.stderr)
                entry["peers"].append(peer)
            results.append(entry)
    return results
