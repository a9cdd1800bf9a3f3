/**
 * A test-only third ensemble member, to show a member is one file: it forecasts the training
 * targets' mean (a constant drift) whatever the features, saves one small file of its own
 * (`mean-member.json`) and reads it back on load.
 */
import type { FittedMember, MemberKind } from '../../../domain/engine/members/member.js';

interface MeanState {
  mean: number;
}

export const MEAN_MEMBER_FILE = 'mean-member.json';

export const meanMember: MemberKind = {
  name: 'mean',
  files: [MEAN_MEMBER_FILE],
  recipePart: () => 'mean',
  fit: async (data) => ({ member: fittedMean({ mean: data.targetMean }) }),
  problems: (state) => (Number.isFinite((state as Partial<MeanState> | undefined)?.mean) ? [] : ['mean.mean']),
  async load(state, files) {
    const file = JSON.parse(new TextDecoder().decode(files[MEAN_MEMBER_FILE])) as MeanState;
    if (file.mean !== (state as MeanState).mean) throw new Error(`${MEAN_MEMBER_FILE} says ${file.mean}, ensemble.json ${(state as MeanState).mean}`);
    return fittedMean(file);
  },
};

function fittedMean(state: MeanState): FittedMember {
  return {
    kind: 'mean',
    state,
    lookback: 1,
    predict: (_scaled, origins) => origins.map(() => state.mean),
    save: async () => ({ [MEAN_MEMBER_FILE]: new TextEncoder().encode(JSON.stringify(state)) }),
    dispose: () => undefined,
  };
}
