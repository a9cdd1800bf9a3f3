/**
 * The interface every ensemble member implements — fit, predict, save, load — so the ensemble,
 * training, serialisation and prediction iterate members without knowing them by name. A new
 * member is one file exporting a `MemberKind`, listed in kinds.ts (or registered with
 * `registerMemberKind`) and named in `TrainOptions.members`.
 */
import type { ModelHyperOptions } from '../hyper.js';
import type { FitData } from '../training-data.js';
import type { EpochProgress } from './gru.js';

/** How a member is fitted: the ensemble's hyper-parameters and the fit's budget and controls. */
export interface MemberFitOptions {
  hyper: ModelHyperOptions;
  seed: number;
  /** Maximum epochs for an iterative member (exactly this many in a refit, which has no validation). */
  epochs: number;
  /** Label for errors. */
  symbol: string;
  /** In a refit: this member's state from the evaluated fit, whose choices (e.g. ridge λ) it keeps. */
  selected?: unknown;
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  signal?: AbortSignal;
}

/** A fitted (or loaded) member. */
export interface FittedMember {
  /** Its kind's name: the key of its state in ensemble.json and of its weight in the ensemble. */
  readonly kind: string;
  /** Plain JSON kept in ensemble.json under `state[kind]`. */
  readonly state: object;
  /** Sessions of scaled rows it reads per forecast, the origin's included. */
  readonly lookback: number;
  /** Predicted next-day log return at each origin (bar index into `scaled`). */
  predict(scaled: readonly (number[] | null)[], origins: readonly number[]): number[];
  /** Its files beside ensemble.json (names from its kind's `files`; checksummed by the ensemble). */
  save(): Promise<Record<string, Uint8Array>>;
  /** Frees native memory (tensors); the member is unusable afterwards. */
  dispose(): void;
}

/** What fitting reports beside the member: an iterative member's epochs (early stopping). */
export interface MemberFit {
  member: FittedMember;
  epochs?: { run: number; best: number };
}

export interface MemberKind {
  /** Unique name: the key of its state in ensemble.json and of its weight. */
  readonly name: string;
  /** The files it saves beside ensemble.json (none: its state is all it needs). */
  readonly files: readonly string[];
  /** Its part of the recipe name (`ens-gru16+ridge-v1`). */
  recipePart(hyper: ModelHyperOptions): string;
  fit(data: FitData, options: MemberFitOptions): Promise<MemberFit>;
  /** What is wrong with a saved state (empty: nothing), before `load` is called. */
  problems(state: unknown, features: number): string[];
  /** Rebuilds a fitted member from its saved state and files (integrity already checked). */
  load(state: unknown, files: Readonly<Record<string, Uint8Array>>): Promise<FittedMember>;
}
