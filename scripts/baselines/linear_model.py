"""Linear baselines on hashed word 1-2-grams (2^20 features, no vocabulary to
store): TF-IDF logistic regression, and NBSVM (Wang and Manning 2012: an
L2-loss linear SVM on binarized n-grams scaled by their naive Bayes log-count
ratio, its weights interpolated with their mean magnitude by beta (the
paper's 0.25, or 1: none); one-vs-rest for more than two classes).

Their size is counted as the float32 weights a deployment keeps: the nonzero
coefficients, the intercepts, and one per-feature scale (IDF or NB ratio) for
every feature with a nonzero coefficient; the hashed indices of a sparse file
would add to it.
"""
import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

FEATURES = 2 ** 20


def hashing(binary=False):
    return HashingVectorizer(n_features=FEATURES, ngram_range=(1, 2), alternate_sign=False, norm=None, binary=binary)


class TfidfLR:
    """HashingVectorizer(1-2-grams) -> TfidfTransformer(sublinear tf) -> LogisticRegression(C)."""

    def __init__(self, C):
        self.C = C
        self.vectorizer = hashing()

    def fit_features(self, texts):
        self.tfidf = TfidfTransformer(sublinear_tf=True).fit(self.vectorizer.transform(texts))
        return self

    def features(self, texts):
        return self.tfidf.transform(self.vectorizer.transform(texts))

    def fit(self, x, labels):
        self.model = LogisticRegression(C=self.C, max_iter=2000).fit(x, labels)
        return self

    def predict(self, texts):
        return list(self.model.predict(self.features(texts)))

    def log_probabilities(self, texts):
        """(classes, [n_texts, n_classes] natural-log probabilities, each at least -100)."""
        return self.log_probabilities_of(self.features(texts))

    def log_probabilities_of(self, x):
        """`log_probabilities` of feature rows already made by `features`."""
        return list(self.model.classes_), np.maximum(self.model.predict_log_proba(x), -100.0)

    def weight_bytes(self):
        coef = self.model.coef_
        used = np.flatnonzero(np.any(coef != 0, axis=0))
        return 4 * (int(np.count_nonzero(coef)) + len(self.model.intercept_) + len(used))


class NBSVM:
    """Per class (one-vs-rest; one classifier for two classes) the log-count
    ratio r over binarized n-grams (smoothing alpha 1), an L2-loss linear SVM
    on x * r, and w' = (1 - beta) * mean|w| + beta * w, the mean over the
    features seen in training (the vocabulary of the paper)."""

    def __init__(self, C, beta=0.25, alpha=1.0):
        self.C, self.beta, self.alpha = C, beta, alpha
        self.vectorizer = hashing(binary=True)

    def features(self, texts):
        return self.vectorizer.transform(texts).tocsr()

    def fit(self, x, labels):
        labels = np.asarray(labels)
        self.classes = sorted(set(labels.tolist()))
        targets = self.classes[1:] if len(self.classes) == 2 else self.classes
        self.parts = []
        for c in targets:
            positive = labels == c
            p = self.alpha + np.asarray(x[positive].sum(axis=0)).ravel()
            q = self.alpha + np.asarray(x[~positive].sum(axis=0)).ravel()
            r = np.log((p / p.sum()) / (q / q.sum()))
            seen = np.asarray(x.sum(axis=0)).ravel() > 0
            r[~seen] = 0  # features never seen in training: no weight to keep
            svm = LinearSVC(C=self.C, max_iter=5000).fit(x.multiply(r).tocsr(), positive)
            w = svm.coef_.ravel()
            # The mean magnitude over the vocabulary: the features seen, not all 2^20 hash slots.
            w = np.where(seen, (1 - self.beta) * np.abs(w[seen]).mean() + self.beta * w, 0.0)
            self.parts.append((r, w, svm.intercept_[0]))
        return self

    def decision(self, x):
        return np.column_stack([x.multiply(r).tocsr() @ w + b for r, w, b in self.parts])

    def predict(self, texts):
        d = self.decision(self.features(texts))
        if len(self.classes) == 2:
            return [self.classes[int(v > 0)] for v in d[:, 0]]
        return [self.classes[i] for i in d.argmax(axis=1)]

    def weight_bytes(self):
        total = 0
        for r, w, _ in self.parts:
            used = int(np.count_nonzero(r))  # unseen features have r = 0, so x * r drops them whatever w says
            total += 4 * (2 * used + 1)
        return total
