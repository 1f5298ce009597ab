import type { Ctx } from '../../../kernel/context.ts';

/** One customer's reading of a component: a 0–100 score and a sentence saying why. */
export type ComponentReading = { score: number; detail: string };

/**
 * A health component owned by another module: the feedback module registers latest NPS/CSAT
 * ("feedback"), the loop module open cases and SLA breaches ("cases"). Until one is registered
 * the component is simply absent and the other weights are renormalised. `read` gets a batch of
 * customer ids (a few thousand) and returns readings for those it knows about.
 */
export type HealthComponentProvider = {
  key: string;
  label: string;
  read(ctx: Pick<Ctx, 'db'>, customerIds: string[]): Promise<Map<string, ComponentReading>>;
};

const providers = new Map<string, HealthComponentProvider>();

export function registerHealthComponent(provider: HealthComponentProvider): void {
  providers.set(provider.key, provider);
}

export function registeredHealthComponents(): HealthComponentProvider[] {
  return [...providers.values()];
}
