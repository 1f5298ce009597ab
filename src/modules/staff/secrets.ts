import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the OS CSPRNG, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are high-entropy, so a fast hash is enough to make a stolen table useless. */
export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();
