import type { FastifyReply } from 'fastify';

/**
 * Aborts when the client disconnects before the reply is sent, for handlers whose work should
 * stop then (expensive reads: see boundedRead). Node's request 'close' also fires once the body
 * has been read, so the response side is the one that tells.
 */
export function requestSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
