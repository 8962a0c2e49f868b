"""Side-by-side training curves of two runs (clel's metrics.jsonl and the twin's): the mean of each quantity over the
records logged within consecutive windows of iterations, as a Markdown table."""
import json
import math

QUANTITIES = (("energy_data", "E(x)"), ("energy_sample", "E(x~)"), ("latent_cosine", "cos"), ("loss_le", "L_LE"))


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def window_means(records, window):
    out = {}
    for r in records:
        w = (int(r["iteration"]) - 1) // window
        for key, _ in QUANTITIES:
            v = r.get(key)
            if v is not None and math.isfinite(v):
                out.setdefault(w, {}).setdefault(key, []).append(v)
    return {w: {k: sum(v) / len(v) for k, v in d.items()} for w, d in out.items()}


def table(a_path, b_path, window=50, names=("clel", "twin")):
    a, b = window_means(read(a_path), window), window_means(read(b_path), window)
    head = "| iterations |" + "".join(" %s %s | %s %s |" % (label, names[0], label, names[1]) for _, label in QUANTITIES)
    rows = [head, "|" + "---|" * (1 + 2 * len(QUANTITIES))]
    for w in sorted(set(a) & set(b)):
        cells = []
        for key, _ in QUANTITIES:
            for d in (a[w], b[w]):
                v = d.get(key)
                cells.append("n/a" if v is None else ("%.3f" % v if key in ("latent_cosine", "loss_le") else "%.4f" % v))
        rows.append("| %d-%d | %s |" % (w * window + 1, (w + 1) * window, " | ".join(cells)))
    return "\n".join(rows)


def main(a):
    print(table(a.run_a, a.run_b, a.window, (a.name_a, a.name_b)))
    return 0
