import pino from 'pino';

/** Paths redacted from every log line: secrets never reach the logs. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'token',
  '*.token',
];

type LoggedRequest = { id?: unknown; method?: string; ip?: string; routeOptions?: { url?: string } };

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        // The route pattern ("/s/:token"), never the raw URL: paths and query strings can carry
        // signed tokens, and they must not end up in log files.
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url ?? '(no route)',
          ip: req.ip,
        }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
export type Logger = ReturnType<typeof createLogger>;
