"""Writes the reference fixtures of the C++ audioLIME test (tst_explain) into OUT_DIR,
computed the way LIME's LimeBase / audioLIME's LimeAudioExplainer compute them:
  index.json            the cases: name, components, targets, rows, kernel_width, alpha,
                        exhaustive
  <case>/X.f64          [rows, components] binary perturbations (row 0 all ones)
  <case>/y.f64          [rows, targets] toy predictor outputs
  <case>/distances.f64  [rows] sklearn pairwise_distances(X, X[0], metric='cosine')
  <case>/weights.f64    [rows] sqrt(exp(-d^2 / kernel_width^2))
  <case>/coef.f64       [targets, components] Ridge(alpha, fit_intercept=True) coef_
  <case>/intercept.f64  [targets]
  <case>/score.f64      [targets] Ridge.score(X, y, sample_weight=weights)
  <case>/local_pred.f64 [targets] Ridge.predict(X[0])
  <case>/shapley.f64    [targets, components] exhaustive cases only, from permutations
All float64 little endian. Exhaustive rows are itertools.product([1, 0], repeat=n), as
audioLIME's data_labels(num_samples='exhaustive'); sampled rows are drawn as
LimeTextExplainer draws them. Usage: /usr/bin/python3 make_lime_reference.py OUT_DIR"""

import itertools
import json
import math
import os
import sys

import numpy as np
import sklearn.metrics
from sklearn.linear_model import Ridge

TARGETS = 3
CASES = [  # name, components, rows (None = exhaustive), kernel width, alpha, seed
    ("exhaustive_n5", 5, None, 0.25, 1.0, 5),
    ("exhaustive_n7", 7, None, 0.4, 0.3, 7),
    ("sampled_n12", 12, 300, 0.25, 1.0, 12),
    ("sampled_n12_few", 12, 8, 0.25, 1.0, 13),  # more features than rows: sklearn's dual solve
]


def toy_predictor(n, seed):
    """A fixed random function of z, linear plus pairwise interactions plus tanh."""
    rs = np.random.RandomState(seed)
    bias = rs.normal(size=TARGETS)
    linear = rs.normal(size=(TARGETS, n))
    pairs = rs.normal(scale=0.5, size=(TARGETS, n, n))
    squash = rs.normal(size=(TARGETS, n))

    def f(z):
        z = np.asarray(z, dtype=np.float64)
        return bias + linear @ z + np.einsum("tij,i,j->t", np.triu(pairs, 1), z, z) + 0.3 * np.tanh(squash @ z)

    return f


def lime_text_rows(n, rows, seed):
    """LimeTextExplainer's sampling: how many to switch off uniform in 1..n, then which."""
    rs = np.random.RandomState(seed)
    sample = rs.randint(1, n + 1, rows - 1)
    data = np.ones((rows, n))
    for i, size in enumerate(sample, start=1):
        inactive = rs.choice(range(n), size, replace=False)
        data[i, inactive] = 0
    return data


def shapley_by_permutations(n, value):
    """phi_i = mean over orderings of the marginal contribution of i: independent of the
    subset formula that the C++ code uses."""
    phi = np.zeros((TARGETS, n))
    for order in itertools.permutations(range(n)):
        z = np.zeros(n)
        before = value(z)
        for i in order:
            z[i] = 1
            after = value(z)
            phi[:, i] += after - before
            before = after
    return phi / math.factorial(n)


def kernel(d, kernel_width):  # audioLIME's default kernel
    return np.sqrt(np.exp(-(d ** 2) / kernel_width ** 2))


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    index = []
    for name, n, rows, width, alpha, seed in CASES:
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        f = toy_predictor(n, seed)
        if rows is None:
            data = np.array(list(map(list, itertools.product([1, 0], repeat=n))), dtype=np.float64)
        else:
            data = lime_text_rows(n, rows, seed)
        labels = np.array([f(z) for z in data])
        # LimeAudioExplainer.explain_instance + LimeBase.explain_instance_with_data
        distances = sklearn.metrics.pairwise_distances(data, data[0].reshape(1, -1), metric="cosine").ravel()
        weights = kernel(distances, width)
        coef, intercept, score, local_pred = [], [], [], []
        for t in range(TARGETS):
            model = Ridge(alpha=alpha, fit_intercept=True, random_state=np.random.RandomState(seed))
            model.fit(data, labels[:, t], sample_weight=weights)
            coef.append(model.coef_)
            intercept.append(model.intercept_)
            score.append(model.score(data, labels[:, t], sample_weight=weights))
            local_pred.append(model.predict(data[0].reshape(1, -1))[0])
        arrays = {
            "X": data, "y": labels, "distances": distances, "weights": weights, "coef": np.array(coef),
            "intercept": np.array(intercept), "score": np.array(score), "local_pred": np.array(local_pred),
        }
        if rows is None:
            table = {tuple(int(v) for v in z): y for z, y in zip(data, labels)}
            arrays["shapley"] = shapley_by_permutations(n, lambda z: table[tuple(int(v) for v in z)])
        for key, value in arrays.items():
            np.ascontiguousarray(value, dtype="<f8").tofile(os.path.join(d, key + ".f64"))
        index.append({"name": name, "components": n, "targets": TARGETS, "rows": int(data.shape[0]),
                      "kernel_width": width, "alpha": alpha, "exhaustive": rows is None})
    with open(os.path.join(out_dir, "index.json"), "w") as fh:
        json.dump({"cases": index}, fh, indent=1)


if __name__ == "__main__":
    main()
