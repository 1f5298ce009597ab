import type { ProgramKind } from '../tables.ts';

/** The global control group is a program of its own, seeded by the migration. */
export const GLOBAL_CONTROL_ID = '00000000-0000-7000-8000-00000000c0de';
export const MAX_HOLDOUT_SHARE = 0.5;
export const MAX_GLOBAL_CONTROL_SHARE = 0.1;

/**
 * The holdout share a program gets when it is first registered. Playbooks start at 0 so that
 * existing playbooks change nothing until a manager opts in; every other program holds out 10%.
 */
export const defaultHoldoutShare = (kind: ProgramKind): number => (kind === 'playbook' ? 0 : 0.1);

export type Program = {
  id: string;
  kind: ProgramKind | 'global-control';
  key: string;
  name: string;
  holdoutShare: number;
  updatedAt: Date;
};

export const programOf = (r: {
  id: string;
  kind: Program['kind'];
  key: string;
  name: string;
  holdout_share: string;
  updated_at: Date;
}): Program => ({
  id: r.id,
  kind: r.kind,
  key: r.key,
  name: r.name,
  holdoutShare: Number(r.holdout_share),
  updatedAt: r.updated_at,
});
