/**
 * The registry of member kinds: the built-in GRU and ridge members, plus any registered with
 * `registerMemberKind` (a new member is one file exporting a `MemberKind`). The ensemble's member
 * list is `TrainOptions.members` (default `DEFAULT_MEMBERS`); a saved ensemble lists its members
 * as the keys of `state.weights`, in combination order.
 */
import { gruMember } from './gru-member.js';
import type { MemberKind } from './member.js';
import { ridgeMember } from './ridge-member.js';

/** The recipe `ens-gru16+ridge-v1`: GRU first, then ridge (the order weights are fitted and summed in). */
export const DEFAULT_MEMBERS: readonly string[] = ['gru', 'ridge'];

/** Not a member name: the key of the shrink factor beside the members' weights. */
const RESERVED = new Set(['shrink']);

const kinds = new Map<string, MemberKind>([gruMember, ridgeMember].map((k) => [k.name, k]));

/** Adds a member kind (e.g. from a plug-in or a test); its name must be new. */
export function registerMemberKind(kind: MemberKind): void {
  if (RESERVED.has(kind.name) || !/^[a-z][a-z0-9-]*$/.test(kind.name)) throw new RangeError(`member kind name "${kind.name}" must be lower-case letters, digits and dashes, and not "shrink"`);
  const existing = kinds.get(kind.name);
  if (existing && existing !== kind) throw new RangeError(`member kind "${kind.name}" is already registered`);
  kinds.set(kind.name, kind);
}

/** The kind called `name`; an unknown name is an error listing the known ones. */
export function memberKind(name: string): MemberKind {
  const kind = kinds.get(name);
  if (!kind) throw new RangeError(`unknown model member "${name}" (known: ${[...kinds.keys()].join(', ')})`);
  return kind;
}

/** The kinds named, checked: at least one, no repeats. */
export function memberKinds(names: readonly string[]): MemberKind[] {
  if (names.length === 0) throw new RangeError('an ensemble needs at least one member');
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new RangeError(`model member "${repeated}" is listed twice`);
  return names.map(memberKind);
}

/** A saved ensemble's member names: the keys of its weights except the shrink factor, in order. */
export function memberNames(weights: Readonly<Record<string, number>>): string[] {
  return Object.keys(weights).filter((k) => !RESERVED.has(k));
}
