/**
 * Compares two V8 heap snapshots (e.g. bench:soak's after the 1st and the 20th retrain) by
 * constructor: count and self size of the objects of each constructor in both, largest growth
 * first. Self size, not retained size (no dominator tree): a leak shows as the constructors
 * whose count grows with every retrain.
 *   npx tsx bench/heap-compare.ts before.heapsnapshot after.heapsnapshot [--top=25]
 */
import { readFileSync } from 'node:fs';
import { table } from './lib.js';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type ByConstructor = Map<string, { count: number; bytes: number }>;

function byConstructor(file: string): ByConstructor {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => {
    const i = fields.indexOf(f);
    if (i < 0) throw new Error(`${file}: heap snapshot without node field '${f}'`);
    return i;
  });
  const types = s.snapshot.meta.node_types[0];
  const out: ByConstructor = new Map();
  for (let i = 0; i < s.nodes.length; i += width) {
    // Field offsets are in range by construction (i steps by the node width); a short file fails here.
    const field = (offset: number | undefined) => {
      const v = offset === undefined ? undefined : s.nodes[i + offset];
      if (v === undefined) throw new Error(`${file}: heap snapshot node ${i / width} is truncated`);
      return v;
    };
    const type = types[field(typeAt)] ?? 'unknown';
    // Strings, code and numbers by their type; objects and native nodes by constructor name.
    const key = ['object', 'native', 'closure', 'hidden', 'array'].includes(type) ? `${type}:${(s.strings[field(nameAt)] ?? '').slice(0, 60)}` : type;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += field(sizeAt);
    out.set(key, e);
  }
  return out;
}

function main(): void {
  const [before, after] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!before || !after) throw new Error('usage: heap-compare.ts <before.heapsnapshot> <after.heapsnapshot> [--top=25]');
  const top = Number(/--top=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 25);
  const a = byConstructor(before);
  const b = byConstructor(after);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const rows = [...keys].map((k) => {
    const x = a.get(k) ?? { count: 0, bytes: 0 };
    const y = b.get(k) ?? { count: 0, bytes: 0 };
    return { k, dCount: y.count - x.count, dBytes: y.bytes - x.bytes, count: y.count, bytes: y.bytes };
  }).sort((p, q) => q.dBytes - p.dBytes);
  const total = (m: ByConstructor) => [...m.values()].reduce((t, e) => t + e.bytes, 0);
  console.log(`self size: ${(total(a) / 2 ** 20).toFixed(1)} MB → ${(total(b) / 2 ** 20).toFixed(1)} MB`);
  console.log(table(rows.slice(0, top).map((r) => ({
    constructor: r.k, 'Δ count': r.dCount, 'Δ KB': Math.round(r.dBytes / 1024), count: r.count, KB: Math.round(r.bytes / 1024),
  }))));
}

main();
