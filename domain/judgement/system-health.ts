import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { SystemHealth } from '../../common/wire/index.js';

export interface HealthLimits {
  /** 1-minute load average per core above which the machine is "busy". */
  maxLoadPerCore: number;
  maxMemoryUsedFraction: number;
  minDiskFreeFraction: number;
}

export const DEFAULT_HEALTH_LIMITS: HealthLimits = { maxLoadPerCore: 2, maxMemoryUsedFraction: 0.9, minDiskFreeFraction: 0.05 };

/** CPU load, memory and free disk of the data directory, with the limits they breach. */
export async function readSystemHealth(dataDir: string, now: Date, limits: HealthLimits = DEFAULT_HEALTH_LIMITS): Promise<SystemHealth> {
  const cpuCount = os.cpus().length || 1;
  const load1 = os.loadavg()[0] ?? 0; // [1, 5, 15]-minute averages; 0 where the platform has none
  const memoryUsedFraction = 1 - os.freemem() / os.totalmem();
  const fsStats = await statfs(dataDir);
  const diskFreeBytes = fsStats.bavail * fsStats.bsize;
  const diskFreeFraction = fsStats.blocks > 0 ? fsStats.bavail / fsStats.blocks : 1;
  return {
    at: now.toISOString(),
    loadAverage1m: load1,
    cpuCount,
    memoryUsedFraction,
    diskFreeBytes,
    diskFreeFraction,
    breaches: healthBreaches({ load1, cpuCount, memoryUsedFraction, diskFreeFraction, dataDir }, limits),
  };
}

export function healthBreaches(
  r: { load1: number; cpuCount: number; memoryUsedFraction: number; diskFreeFraction: number; dataDir: string },
  limits: HealthLimits,
): string[] {
  const out: string[] = [];
  if (r.load1 / r.cpuCount > limits.maxLoadPerCore) out.push(`CPU load ${r.load1.toFixed(2)} on ${r.cpuCount} cores > ${limits.maxLoadPerCore} per core`);
  if (r.memoryUsedFraction > limits.maxMemoryUsedFraction) out.push(`memory ${(r.memoryUsedFraction * 100).toFixed(0)}% used > ${(limits.maxMemoryUsedFraction * 100).toFixed(0)}%`);
  if (r.diskFreeFraction < limits.minDiskFreeFraction) out.push(`disk of ${r.dataDir} ${(r.diskFreeFraction * 100).toFixed(1)}% free < ${(limits.minDiskFreeFraction * 100).toFixed(0)}%`);
  return out;
}
