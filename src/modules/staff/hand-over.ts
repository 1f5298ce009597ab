import type { Ctx } from '../../kernel/context.ts';

export type HandOverInput = {
  fromId: string;
  toId: string;
  /** The staff member or API key doing it (timelines and case events name them). */
  actor: { staffId?: string; apiKeyId?: string };
  reason: string;
};
/** Moves one kind of work (customers, cases…) from a departing staff member; returns counts. */
export type HandOverStep = (ctx: Ctx, input: HandOverInput) => Promise<Record<string, number>>;

const steps = new Set<HandOverStep>();

/**
 * Modules that give staff members work register how to hand it to a colleague (made once in
 * src/wiring.ts; registering the same step twice is harmless), so staff never reads other modules' tables and they never import staff back.
 */
export function registerHandOver(step: HandOverStep): void {
  steps.add(step);
}

export async function runHandOver(ctx: Ctx, input: HandOverInput): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const step of steps) Object.assign(counts, await step(ctx, input));
  return counts;
}
