/** bench:soak's verdict from its samples: RSS after the 5th and the last retrain, growth between, target met or missed. */

export interface SoakSample {
  /** 0 = the idle worker after refreshPrices, before any retrain. */
  retrain: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  seconds: number;
  outcome?: string;
}

export interface SoakSummary {
  rssIdleMb: number;
  rssAfter5thMb: number;
  rssAfterLastMb: number;
  growthMb: number;
  /** Least-squares slope of RSS over retrains 5..last, MB per retrain. */
  perRetrainMb: number;
  heapUsedAfter5thMb: number;
  heapUsedAfterLastMb: number;
  targetGrowthMb: number;
  met: boolean;
}

export function soakSummary(samples: readonly SoakSample[], targetGrowthMb: number): SoakSummary {
  const at = (n: number) => {
    const s = samples.find((x) => x.retrain === n);
    if (!s) throw new Error(`bench:soak: no sample after retrain ${n} (samples ${samples.map((x) => x.retrain).join(',')})`);
    return s;
  };
  const last = samples.reduce((a, b) => (b.retrain > a.retrain ? b : a));
  const fifth = at(5);
  const tail = samples.filter((s) => s.retrain >= 5);
  const mx = tail.reduce((a, s) => a + s.retrain, 0) / tail.length;
  const my = tail.reduce((a, s) => a + s.rssMb, 0) / tail.length;
  const sxx = tail.reduce((a, s) => a + (s.retrain - mx) ** 2, 0);
  const sxy = tail.reduce((a, s) => a + (s.retrain - mx) * (s.rssMb - my), 0);
  const growthMb = +(last.rssMb - fifth.rssMb).toFixed(1);
  return {
    rssIdleMb: at(0).rssMb, rssAfter5thMb: fifth.rssMb, rssAfterLastMb: last.rssMb, growthMb,
    perRetrainMb: sxx > 0 ? +(sxy / sxx).toFixed(2) : 0,
    heapUsedAfter5thMb: fifth.heapUsedMb, heapUsedAfterLastMb: last.heapUsedMb,
    targetGrowthMb, met: growthMb <= targetGrowthMb,
  };
}
