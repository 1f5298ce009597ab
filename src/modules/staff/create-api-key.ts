import { v7 as uuidv7 } from 'uuid';
import type { Ctx } from '../../kernel/context.ts';
import type { Scope } from '../../kernel/http/access.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const API_KEY_PREFIX = 'tnr_';

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Returns the key once; only its hash is stored, so it can never be shown again. */
export async function createApiKey(
  ctx: Pick<Ctx, 'db'>,
  input: { name: string; scopes: Scope[]; createdBy?: string },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const key = API_KEY_PREFIX + newSecret();
  const row = await ctx.db
    .insertInto('api_key')
    .values({
      id: uuidv7(),
      name: input.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      key_hash: hashSecret(key),
      scopes: [...new Set(input.scopes)],
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key, apiKey: toApiKeyView(row) };
}

export const toApiKeyView = (r: {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});
