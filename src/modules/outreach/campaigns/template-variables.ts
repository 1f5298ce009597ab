import type { Ctx } from '../../../kernel/context.ts';

/** Extra template variables another module supplies for one customer (loyalty: points, tier). */
export type TemplateVariables = (
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
) => Promise<Record<string, unknown>>;

const providers: TemplateVariables[] = [];

/**
 * Modules that outreach must not import (loyalty imports outreach) add their variables here, from
 * wiring. Idempotent. Without a provider the variables are simply absent and render as nothing.
 */
export function registerTemplateVariables(p: TemplateVariables): void {
  if (!providers.includes(p)) providers.push(p);
}

export async function extraTemplateVariables(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  customerId: string,
): Promise<Record<string, unknown>> {
  const parts = await Promise.all(providers.map((p) => p(ctx, customerId)));
  return Object.assign({}, ...parts);
}
