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

const orList = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

/** Who may call a route, in words: for 403 answers and the API description. */
export function describeAccess(access: Access): string {
  if ('public' in access) return `Public: ${access.public}.`;
  const parts: string[] = [];
  if (access.roles.length) parts.push(`staff with the role ${orList(access.roles)} (session cookie)`);
  if (access.scopes.length)
    parts.push(
      `API keys with the scope ${orList(access.scopes.includes('admin') ? access.scopes : [...access.scopes, 'admin'])}`,
    );
  return parts.length ? `Allowed: ${parts.join('; ')}.` : 'Allowed: nobody (internal).';
}

export function checkAccess(access: Access, p: Principal | undefined): void {
  if (isAllowed(access, p)) return;
  if (!p) throw new AppError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer <key>"');
  if ('public' in access) return;
  // Say what would work, so a caller knows which key or role to ask for.
  if (p.kind === 'staff') {
    throw new AppError(
      'forbidden',
      access.roles.length
        ? `Your role "${p.role}" may not call this route: it needs the role ${orList(access.roles)}`
        : 'Staff sessions may not call this route: it takes an API key',
      { role: p.role, neededRoles: access.roles },
    );
  }
  throw new AppError(
    'forbidden',
    access.scopes.length
      ? `This API key has the scopes [${p.scopes.join(', ')}]; this route needs the scope ${orList(access.scopes)} (or admin)`
      : 'API keys may not call this route: sign in as staff',
    { scopes: p.scopes, neededScopes: access.scopes },
  );
}

/** The principal of a guarded route; routes that declare roles/scopes can rely on it. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('unauthorized', 'Not signed in');
  return req.principal;
}

/** The staff member behind the request, or undefined for an API key. */
export const staffIdOf = (req: FastifyRequest): string | undefined =>
  req.principal?.kind === 'staff' ? req.principal.id : undefined;
