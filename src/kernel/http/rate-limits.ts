import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * Integrations are limited per credential, not per address: many integrations can share one
 * NAT address, and one integration may send from many hosts. Only a hash of the credential is
 * kept in the limiter's memory.
 */
export const perCredential = (req: FastifyRequest): string => {
  const auth = req.headers.authorization;
  return auth ? `cred:${createHash('sha256').update(auth).digest('base64url')}` : `ip:${req.ip}`;
};

/** Ingest: 100 batches of up to 1,000 events a second per key, far above what one server takes. */
export const ingestRateLimit = { max: 6000, timeWindow: '1 minute', keyGenerator: perCredential };
