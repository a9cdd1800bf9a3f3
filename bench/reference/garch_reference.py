"""
bench:reference — GARCH(1,1) fitted with the `arch` package on the same sessions as bench:quality,
so the project's TypeScript intervals can be compared with a standard implementation.

For every symbol in bench/results/quality.json: the GARCH(1,1) (constant mean, normal errors) is
fitted on the log returns of the evaluated fit's training sessions, then filtered with those
parameters fixed over the evaluation sessions (each σ from returns before the session only), and
the normal 80% / 95% intervals are scored exactly as the project scores its own: coverage, mean
width and the Winkler interval score, in log-return units. Writes bench/results/reference.json
and prints a markdown table beside the project's numbers.

    npm run bench:reference            (after npm run bench:quality)
"""
import json
import math
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from arch import arch_model
from scipy.stats import norm

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
PRICES = Path(os.environ.get("STOCKFLOW_PRICES_DIR", ROOT.parent / "shared" / "data" / "prices"))
LEVELS = (0.8, 0.95)


def score(low, high, actual, level):
    alpha = 1 - level
    inside = (actual >= low) & (actual <= high)
    winkler = (high - low) + (2 / alpha) * (np.maximum(0, low - actual) + np.maximum(0, actual - high))
    return {"n": int(len(actual)), "coverage": float(inside.mean()), "meanWidth": float((high - low).mean()), "intervalScore": float(winkler.mean())}


def reference_for(entry):
    evaluation = entry["evaluation"]
    symbol = evaluation["symbol"]
    train = entry["fit"]["train"]
    prices_file = PRICES / f"{symbol}.csv"
    if not prices_file.exists():
        sys.exit(f"bench:reference: no price file {prices_file} (set STOCKFLOW_PRICES_DIR)")
    bars = pd.read_csv(prices_file, parse_dates=False)
    returns = pd.Series(np.log(bars["close"].to_numpy()[1:] / bars["close"].to_numpy()[:-1]), index=bars["date"].to_numpy()[1:])
    fit_returns = returns[(returns.index >= train["from"]) & (returns.index <= train["to"])] * 100
    if len(fit_returns) != train["n"]:
        sys.exit(f"bench:reference: {symbol}: {len(fit_returns)} training returns in {train['from']}..{train['to']}, quality.json says {train['n']}")
    fitted = arch_model(fit_returns, mean="Constant", vol="GARCH", p=1, q=1, dist="normal").fit(disp="off")
    span = returns[(returns.index >= train["from"]) & (returns.index <= evaluation["range"]["to"])] * 100
    filtered = arch_model(span, mean="Constant", vol="GARCH", p=1, q=1, dist="normal").fix(fitted.params.to_numpy())
    window = (span.index >= evaluation["range"]["from"]) & (span.index <= evaluation["range"]["to"])
    sigma = filtered.conditional_volatility[window].to_numpy() / 100
    actual = span[window].to_numpy() / 100
    if len(actual) != evaluation["range"]["n"]:
        sys.exit(f"bench:reference: {symbol}: {len(actual)} evaluation sessions, quality.json says {evaluation['range']['n']}")
    mu = fitted.params["mu"] / 100
    out = {"symbol": symbol, "n": int(len(actual)), "params": {k: float(v) for k, v in fitted.params.items()}}
    for level in LEVELS:
        z = norm.ppf(0.5 + level / 2)
        out[f"p{round(level * 100)}"] = score(mu - z * sigma, mu + z * sigma, actual, level)
    return out


def main():
    quality_file = RESULTS / "quality.json"
    if not quality_file.exists():
        sys.exit(f"bench:reference: {quality_file} not found: run `npm run bench:quality` first")
    quality = json.loads(quality_file.read_text())
    rows = []
    for entry in quality["perSymbol"]:
        ref = reference_for(entry)
        ours = entry["evaluation"]["model"]["intervals"]
        rolling = entry["evaluation"]["baselines"]["rollingStd"]
        rows.append({"symbol": ref["symbol"], "n": ref["n"], "garch": ref, "project": ours, "rollingStd": rolling})
    n = sum(r["n"] for r in rows)
    pooled = lambda pick: sum(pick(r) * r["n"] for r in rows) / n
    summary = {}
    for key in ("p80", "p95"):
        summary[key] = {
            "projectCoverage": pooled(lambda r: r["project"][key]["coverage"]),
            "garchCoverage": pooled(lambda r: r["garch"][key]["coverage"]),
            "projectIntervalScore": pooled(lambda r: r["project"][key]["intervalScore"]),
            "garchIntervalScore": pooled(lambda r: r["garch"][key]["intervalScore"]),
            "rollingStdIntervalScore": pooled(lambda r: r["rollingStd"][key]["intervalScore"]),
        }
        s = summary[key]
        s["projectVsGarch"] = s["projectIntervalScore"] / s["garchIntervalScore"] - 1
    result = {
        "bench": "reference",
        "ranAt": datetime.now(timezone.utc).isoformat(),
        "qualityRanAt": quality.get("ranAt"),
        "versions": {"arch": __import__("arch").__version__, "numpy": np.__version__, "pandas": pd.__version__, "python": sys.version.split()[0]},
        "pooled": summary,
        "perSymbol": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reference.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"| symbol | n | cov80 project | cov80 arch | score80 project | score80 arch | score80 rolling | cov95 project | cov95 arch | score95 project | score95 arch |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    fmt = lambda x: f"{x * 100:.1f}%"
    for r in rows:
        p, g, o = r["project"], r["garch"], r["rollingStd"]
        print(f"| {r['symbol']} | {r['n']} | {fmt(p['p80']['coverage'])} | {fmt(g['p80']['coverage'])} | {p['p80']['intervalScore']:.4f} | {g['p80']['intervalScore']:.4f} | {o['p80']['intervalScore']:.4f} | {fmt(p['p95']['coverage'])} | {fmt(g['p95']['coverage'])} | {p['p95']['intervalScore']:.4f} | {g['p95']['intervalScore']:.4f} |")
    s80, s95 = summary["p80"], summary["p95"]
    print(f"| pooled | {n} | {fmt(s80['projectCoverage'])} | {fmt(s80['garchCoverage'])} | {s80['projectIntervalScore']:.4f} | {s80['garchIntervalScore']:.4f} | {s80['rollingStdIntervalScore']:.4f} | {fmt(s95['projectCoverage'])} | {fmt(s95['garchCoverage'])} | {s95['projectIntervalScore']:.4f} | {s95['garchIntervalScore']:.4f} |")
    print(f"\nproject vs arch GARCH(1,1), pooled interval score: 80% {s80['projectVsGarch'] * 100:+.1f}%, 95% {s95['projectVsGarch'] * 100:+.1f}% (target: within +3%)")
    print(f"wrote {RESULTS / 'reference.json'}")


if __name__ == "__main__":
    main()
