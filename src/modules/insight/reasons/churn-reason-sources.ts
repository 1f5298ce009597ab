import type { Ctx } from '../../../kernel/context.ts';

/** One stated or inferred reason a customer left; `weight` (default 1) says how strong the evidence is. */
export type ChurnReasonItem = { customerId: string; reason: string; weight?: number };

/**
 * A source of churn reasons owned by another module: exit-survey answers (feedback), case root
 * causes (loop), comment themes (feedback). It is asked about the churned customers of the
 * period, a batch of ids at a time. Until a module registers its source, it contributes nothing;
 * the classifier's drivers are always there.
 */
export type ChurnReasonSource = {
  key: string;
  label: string;
  list(ctx: Pick<Ctx, 'db'>, customerIds: string[]): Promise<ChurnReasonItem[]>;
};

const sources = new Map<string, ChurnReasonSource>();

export function registerChurnReasonSource(source: ChurnReasonSource): void {
  sources.set(source.key, source);
}

export function registeredChurnReasonSources(): ChurnReasonSource[] {
  return [...sources.values()];
}
