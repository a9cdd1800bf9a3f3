/** Types of format.js (the dashboard's ES module), for the unit tests. */
export function roundAgainstThreshold(value: number, threshold: number | null | undefined, kind: 'min' | 'max', digits?: number, scale?: number): number;
export function percentAgainst(value: number | null | undefined, threshold: number | null | undefined, kind: 'min' | 'max', digits?: number): string;
export function timeTicks(x0: number, x1: number, maxTicks?: number): Array<{ x: number; label: string }>;
