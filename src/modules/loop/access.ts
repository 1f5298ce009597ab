import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { type Access, staffIdOf } from '../../kernel/http/access.ts';

export const readLoop: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['read'] };
export const workLoop: Access = { roles: ['admin', 'manager', 'agent'], scopes: ['write'] };
export const manageLoop: Access = { roles: ['admin', 'manager'], scopes: ['admin'] };

/** The signed-in staff member, for "mine" filters that mean nothing to an API key. */
export function requireStaff(req: FastifyRequest, what: string): string {
  const id = staffIdOf(req);
  if (!id) throw new AppError('bad_request', `${what} needs a signed-in staff member, not an API key`);
  return id;
}
