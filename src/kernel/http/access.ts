import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export const roles = ['admin', 'manager', 'agent'] as const;
export const scopes = ['ingest', 'read', 'write', 'admin'] as const;
export type Role = (typeof roles)[number];
export type Scope = (typeof scopes)[number];

export type Principal =
  | { kind: 'staff'; id: string; role: Role; email: string; name: string }
  | { kind: 'api_key'; id: string; scopes: Scope[] };

/**
 * Who may call a route. Every route must declare one (checked when routes are registered and
 * by a test that walks them all). `public` needs a reason so reviewers see why it is open.
 */
export type Access = { public: string } | { roles: readonly Role[]; scopes: readonly Scope[] };

export const staffRoles = roles;

/** Resolves credentials (session cookie, Bearer or Basic API key) to a principal. */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function isAllowed(access: Access, p: Principal | undefined): boolean {
  if ('public' in access) return true;
  if (!p) return false;
  if (p.kind === 'staff') return access.roles.includes(p.role);
  // The admin scope is a superset of every other scope.
  return p.scopes.some((s) => s === 'admin' || access.scopes.includes(s));
}

export function checkAccess(access: Access, p: Principal | undefined): void {
  if (isAllowed(access, p)) return;
  if (!p) throw new AppError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer <key>"');
  const what = p.kind === 'staff' ? `role "${p.role}"` : `API key scopes [${p.scopes.join(', ')}]`;
  throw new AppError('forbidden', `Your ${what} may not call this route`);
}

/** The principal of a guarded route; routes that declare roles/scopes can rely on it. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('unauthorized', 'Not signed in');
  return req.principal;
}

/** The staff member behind the request, or undefined for an API key. */
export const staffIdOf = (req: FastifyRequest): string | undefined =>
  req.principal?.kind === 'staff' ? req.principal.id : undefined;
