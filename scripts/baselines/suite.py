"""Every baseline on one data set: choices on dev, then the test figures,
the bytes, the training time and the latency of one text of the test
split's median and 95th-percentile length. One record per baseline."""
import os
import time

import linear_model
import machine
import metrics
import timing
from splits import length_texts

TFIDF_CS = (0.25, 1.0, 4.0, 16.0, 64.0)
NBSVM_CS = (0.1, 1.0)
# The paper's beta, and 1 (no interpolation): with beta < 1 the SVM's intercept
# is kept whole while its weights shrink toward the NB scores, which favours the
# larger class; on OLID (a third offensive) dev macro-F1 fell to 0.43 with 0.25 alone.
NBSVM_BETAS = (0.25, 1.0)
SIZE_BUDGET = 200_000  # bytes: about the shipped PRADO and pQRNN files (108-215 KB)


def texts_of(rows):
    return [t for _, t in rows]


def labels_of(rows):
    return [label for label, _ in rows]


class Context:
    """What every record of a data set shares: its splits, metric, timed texts and settings."""

    def __init__(self, splits, work, min_time, rounds, command, fasttext_overrides=None, size_budget=SIZE_BUDGET):
        self.splits, self.work, self.min_time, self.rounds, self.command = splits, work, min_time, rounds, command
        # fastText's other arguments and the small model's budget: the tests shrink both.
        self.fasttext_overrides, self.size_budget = fasttext_overrides or {}, size_budget
        self.metric = metrics.metric_name(splits.name)
        self.median_text, self.p95_text, self.median_words, self.p95_words = length_texts(texts_of(splits.test))
        os.makedirs(work, exist_ok=True)

    def evaluate(self, predict, rows):
        return metrics.score(self.metric, labels_of(rows), predict(texts_of(rows)), self.splits.labels)

    def record(self, name, configuration, test, dev, bytes_, bytes_what, training_seconds, latency, latency_what, **extra):
        r = {"dataset": self.splits.name, "kind": "baseline", "name": name, "configuration": configuration,
             "metric": self.metric, "test": test["value"], "testAccuracy": test["accuracy"], "testMacroF1": test["macroF1"],
             "dev": dev, "devSource": self.splits.dev_source, "bytes": bytes_, "bytesWhat": bytes_what,
             "trainingSeconds": training_seconds, "medianWords": self.median_words, "p95Words": self.p95_words,
             "medianLatencyNs": latency["median"]["p50Ns"], "p95LatencyNs": latency["p95"]["p50Ns"],
             "latency": latency, "latencyWhat": latency_what, "machine": machine.describe(), "date": machine.now(),
             "versions": machine.versions(), "commit": machine.git_commit(), "command": self.command}
        r.update(extra)
        return r

    def latency(self, work_on, empty_call):
        """Net p50 of work_on(text) on the median and the p95 text, each with
        the machine's load average when its timing began (the machine is
        shared: a high load says the figure may be high)."""
        out = {}
        for key, text in (("median", self.median_text), ("p95", self.p95_text)):
            load = os.getloadavg()[0]
            out[key] = dict(timing.net_latency(lambda: work_on(text), empty_call, self.min_time, self.rounds), loadAverage1min=load)
        return out


def fasttext_records(ctx, progress):
    import fasttext_model as fm

    s = ctx.splits
    t0 = time.perf_counter()
    (norm, params), trials = fm.select(s, ctx.work, lambda c, rows: ctx.evaluate(c.predict_all, rows)["value"], fm.grid(**ctx.fasttext_overrides))
    selection_seconds = time.perf_counter() - t0
    progress(f"{s.name}: fastText dev choice {norm}, lr {params['lr']}, {params['epoch']} epochs")
    train_path = os.path.join(ctx.work, f"train.{norm}.txt")
    bin_path = os.path.join(ctx.work, "fasttext.bin")
    t0 = time.perf_counter()
    model = fm.train(train_path, params)
    train_seconds = time.perf_counter() - t0
    model.save_model(bin_path)
    normalize = fm.NORMALIZERS[norm]
    described = f"{norm} text, wordNgrams {params['wordNgrams']}, dim {params['dim']}, lr {params['lr']}, {params['epoch']} epochs"
    common = {"hyperparameters": dict(params, normalization=norm), "selection": trials, "selectionSeconds": selection_seconds,
              "binBytes": os.path.getsize(bin_path)}
    latency_what = ("fastText's C++ predict through its Python binding (model.f.predict, k=1), one thread, less the "
                    "binding's call cost (model.f.isQuant timed the same way); text normalization not timed")

    def finish(name, configuration, quantized, ftz_path, seconds, **extra):
        classifier = fm.Classifier(quantized, normalize, s.labels)
        dev = ctx.evaluate(classifier.predict_all, s.dev)["value"]
        test = ctx.evaluate(classifier.predict_all, s.test)
        latency = ctx.latency(lambda text: quantized.f.predict(text, 1, 0.0, "strict"), quantized.f.isQuant)
        for key, text in (("median", ctx.median_text), ("p95", ctx.p95_text)):
            latency[key]["normalized"] = normalize(text) != text
        return ctx.record(name, configuration, test, dev, os.path.getsize(ftz_path), "the .ftz file fastText writes",
                          seconds, latency, latency_what, **common, **extra)

    full_path = os.path.join(ctx.work, "fasttext-full.ftz")
    quantized, _, q_seconds = fm.quantize(bin_path, full_path, train_path, 0, False, params)
    out = [finish("fastText full", described + ", quantized (qnorm), all rows", quantized, full_path, train_seconds + q_seconds)]
    progress(f"{s.name}: fastText full {out[-1]['bytes']} bytes, test {out[-1]['test']:.4f}")

    # At about Tern's size: per sub-vector size the largest cutoff that fits, retrained; dev picks.
    best, candidates = None, []
    for dsub in (2, 4):
        cutoff, probes = fm.cutoff_for_size(bin_path, os.path.join(ctx.work, "probe.ftz"), train_path, params, ctx.size_budget, dsub)
        if cutoff is None:
            continue
        path = os.path.join(ctx.work, f"fasttext-small-d{dsub}.ftz")
        quantized, size, q_seconds = fm.quantize(bin_path, path, train_path, cutoff, True, params, dsub)
        dev = ctx.evaluate(fm.Classifier(quantized, normalize, s.labels).predict_all, s.dev)["value"]
        candidate = {"dsub": dsub, "cutoff": cutoff, "bytes": size, "dev": dev, "probes": probes, "seconds": q_seconds}
        candidates.append(candidate)
        if best is None or dev > best[0]["dev"]:
            best = (candidate, quantized, path)
    if best is not None:
        chosen, quantized, path = best
        configuration = described + f", quantized (qnorm, dsub {chosen['dsub']}), cutoff {chosen['cutoff']} rows, retrained"
        out.append(finish(f"fastText <= {ctx.size_budget // 1000} KB", configuration, quantized, path, train_seconds + chosen["seconds"],
                          cutoff=chosen["cutoff"], dsub=chosen["dsub"], sizeBudget=ctx.size_budget, dsubCandidates=candidates))
        progress(f"{s.name}: fastText small {out[-1]['bytes']} bytes, test {out[-1]['test']:.4f}")
    return out


def linear_records(ctx, progress, names=("TF-IDF LR", "NBSVM")):
    """The linear baselines named (TF-IDF LR, NBSVM), each with its grid on dev."""
    import threadpoolctl

    s = ctx.splits
    train_texts, train_labels = texts_of(s.train), labels_of(s.train)
    out = []
    kinds = {"TF-IDF LR": (linear_model.TfidfLR, [{"C": c} for c in TFIDF_CS],
                           "hashed word 1-2-grams (2^20), sublinear TF-IDF, logistic regression"),
             "NBSVM": (linear_model.NBSVM, [{"C": c, "beta": b} for b in NBSVM_BETAS for c in NBSVM_CS],
                       "hashed binarized word 1-2-grams (2^20), NB log-count ratios, L2-loss linear SVM")}
    with threadpoolctl.threadpool_limits(1):
        for name in names:
            make, choices, described = kinds[name]
            t0 = time.perf_counter()
            model = make(choices[0]["C"])
            if hasattr(model, "fit_features"):
                model.fit_features(train_texts)
            x = model.features(train_texts)
            feature_seconds = time.perf_counter() - t0
            trials, best = [], None
            for choice in choices:
                for key, value in choice.items():
                    setattr(model, key, value)
                t0 = time.perf_counter()
                model.fit(x, train_labels)
                seconds = feature_seconds + time.perf_counter() - t0
                dev = ctx.evaluate(model.predict, s.dev)["value"]
                trials.append(dict(choice, dev=dev, trainingSeconds=seconds))
                if best is None or dev > best[1]:
                    best = (choice, dev, seconds)
            for key, value in best[0].items():
                setattr(model, key, value)
            model.fit(x, train_labels)
            test = ctx.evaluate(model.predict, s.test)
            latency = ctx.latency(lambda text: model.predict([text]), lambda: None)
            chosen = ", ".join(f"{k} {v:g}" for k, v in best[0].items())
            out.append(ctx.record(name, f"{described}, {chosen}", test, best[1], model.weight_bytes(),
                                  "float32 weights kept: nonzero coefficients, intercepts, one scale per used feature "
                                  "(hashed indices not counted)", best[2], latency,
                                  "scikit-learn's whole Python pipeline for one text (hashing, transform, predict), "
                                  "one thread; only an empty Python call subtracted: mostly Python's cost, not a kernel's",
                                  hyperparameters=best[0], selection=trials))
            progress(f"{s.name}: {name} {chosen}, test {test['value']:.4f}")
    return out
