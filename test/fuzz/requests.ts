/**
 * Requests for the API fuzzer, generated with fast-check from the server's own OpenAPI document:
 * mostly well-formed requests for every operation with one part spoiled (a wrong type, a huge
 * string or array, NUL, a lone surrogate, deep nesting, an absurd date), and some wholly broken
 * ones (malformed JSON, odd content types, bad path parameters and query strings).
 * Used by test/fuzz/fuzz.test.ts (a few thousand per run) and bench/fuzz-soak.ts (100,000).
 */
import fc from 'fast-check';

type Schema = any;

export type Operation = {
  method: string;
  /** e.g. /api/v1/customers/{id} */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema }[];
  body?: Schema;
};

/** Public routes the API description hides (pages for people, not for integrations). */
const hiddenOperations: Operation[] = [
  ...['GET', 'POST'].map((method) => ({
    method,
    path: '/f/{surveyId}',
    pathParams: [{ name: 'surveyId', schema: { type: 'string', format: 'uuid' } }],
    queryParams: [],
    body:
      method === 'POST'
        ? { type: 'object', properties: { answers: { type: 'array', items: {} } }, additionalProperties: {} }
        : undefined,
  })),
  ...['/s/{token}', '/u/{token}', '/s/{token}/thanks'].flatMap((path) =>
    (path.endsWith('thanks') ? ['GET'] : ['GET', 'POST']).map((method) => ({
      method,
      path,
      pathParams: [{ name: 'token', schema: { type: 'string', maxLength: 200 } }],
      queryParams: [],
      body: method === 'POST' ? { type: 'object', additionalProperties: { type: 'string' } } : undefined,
    })),
  ),
];

/** Every operation of the document (and the hidden public pages), with $refs left to resolve. */
export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params: Schema[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: (content['application/json'] ?? Object.values<Schema>(content)[0])?.schema,
      });
    }
  }
  return [...ops, ...hiddenOperations];
}

/** A path parameter: an id the server handed out earlier (the n-th in the pool), or raw text. */
type ParamValue = { pool: number } | { raw: string };

export type BodySpec =
  | { kind: 'json'; value: unknown; contentType: string | undefined }
  | { kind: 'raw'; text: string | Buffer; contentType: string | undefined };

export type Plan = {
  op: Operation;
  principal: number;
  params: Record<string, ParamValue>;
  query: string;
  body?: BodySpec;
  accept?: string;
};

/** Marks a string in a body that is replaced by an id from the pool when the request is sent. */
export const POOL_MARK = '\u0001pool:';

const deep = (levels: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { d: v };
  return v;
};

const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

/** Values no schema should accept quietly, and no server should fall over on. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53 + 2,
      Number.MAX_SAFE_INTEGER,
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udc00y',
      '\u202e\u200b',
      '🎉',
      '%',
      '_%\\',
      "' or '1'='1",
      '<script>alert(1)</script>',
      '=HYPERLINK("x")',
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '0000-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '1969-12-31T23:59:59.999999999Z',
      '00000000-0000-0000-0000-000000000000',
      'NaN',
      '-Infinity',
      '1e999',
      '__proto__',
      'constructor',
      [],
      {},
      [null],
      { '': '' },
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom(1000, 10_000, 100_000, 300_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(51, 1001, 6000, 60_000).map((n) => Array(n).fill('x')) },
  { weight: 1, arbitrary: fc.constantFrom(9, 33, 200, 2000).map((n) => deep(n)) },
  { weight: 1, arbitrary: fc.constantFrom(201, 5000).map(manyKeys) },
);

/** Whole bodies that are not what they claim to be. */
const nastyRawBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom<string | Buffer>(
    '',
    '{',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'null',
    '1',
    '"text"',
    '[]',
    'true',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":1e999}',
    '\u0000',
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.from('{"name":"\xc3\x28"}', 'latin1'),
    '['.repeat(100_000),
    `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
    `[${'1,'.repeat(400_000)}1]`,
    JSON.stringify({ events: Array(450_000).fill(0) }),
  ),
  fc.string({ maxLength: 200, unit: 'binary' }),
);

const contentTypes = fc.constantFrom<string | undefined>(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/vnd.api+json',
  'application/json, text/plain',
  ';;;',
  undefined,
);

const badPathParams = fc.constantFrom(
  '%00',
  '%E0%A4%A',
  '%ED%A0%80',
  '%',
  '..',
  '%2F..%2F',
  '-1',
  '0',
  '1e999',
  'null',
  "'%20or%201=1",
  '%F0%9F%8E%89',
  'a'.repeat(300),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffffx',
);

function resolver(doc: Schema) {
  return (s: Schema): Schema => {
    let cur = s;
    for (let i = 0; i < 20 && cur?.$ref; i++)
      cur = doc.components?.schemas?.[String(cur.$ref).split('/').pop() as string];
    return cur ?? {};
  };
}

function tryMatching(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    const arb = fc.stringMatching(new RegExp(pattern));
    fc.sample(arb, 1);
    return arb;
  } catch {
    return undefined;
  }
}

/** Well-formed values for a JSON Schema (as far as this simple reading goes: most pass). */
export function valueFor(doc: Schema) {
  const resolve = resolver(doc);
  const patterns = new Map<string, fc.Arbitrary<string> | undefined>();
  const go = (raw: Schema, depth: number): fc.Arbitrary<unknown> => {
    const s = resolve(raw);
    if (depth > 8) return fc.constant(null);
    const alts = s.anyOf ?? s.oneOf;
    if (alts) return fc.oneof(...alts.map((a: Schema) => go(a, depth + 1)));
    if (s.allOf) return go(s.allOf[0], depth + 1);
    if (s.enum) return fc.constantFrom(...s.enum);
    if (s.const !== undefined) return fc.constant(s.const);
    const types: string[] = [s.type ?? (s.properties ? 'object' : undefined)].flat().filter(Boolean);
    if (types.length > 1) return fc.oneof(...types.map((type) => go({ ...s, type }, depth)));
    switch (types[0]) {
      case 'object': {
        const props = Object.entries<Schema>(s.properties ?? {});
        const required: string[] = s.required ?? [];
        const rec = fc.record(Object.fromEntries(props.map(([k, v]) => [k, go(v, depth + 1)])), {
          requiredKeys: required.filter((k) => props.some(([p]) => p === k)),
        });
        if (!props.length && s.additionalProperties)
          return fc.dictionary(
            fc.string({ minLength: 1, maxLength: 12 }),
            typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length
              ? go(s.additionalProperties, depth + 1)
              : fc.jsonValue({ maxDepth: 2 }),
            { maxKeys: 4 },
          );
        return rec;
      }
      case 'array':
        return fc.array(go(s.items ?? {}, depth + 1), {
          minLength: Math.min(s.minItems ?? 0, 3),
          maxLength: Math.min(s.maxItems ?? 3, 3),
        });
      case 'string': {
        if (s.format === 'uuid')
          return fc.oneof(
            fc.nat().map((n) => `${POOL_MARK}${n}`),
            fc.uuid(),
          );
        if (s.format === 'date-time')
          return fc
            .date({ min: new Date('2000-01-01Z'), max: new Date('2030-01-01Z'), noInvalidDate: true })
            .map((d) => d.toISOString());
        if (s.format === 'email') return fc.emailAddress().filter((e) => e.length < 100);
        if (s.pattern) {
          if (!patterns.has(s.pattern)) patterns.set(s.pattern, tryMatching(s.pattern));
          const arb = patterns.get(s.pattern);
          if (arb) return arb.filter((x) => x.length <= (s.maxLength ?? 1000));
        }
        return fc.string({
          minLength: Math.min(s.minLength ?? 0, 5),
          maxLength: Math.min(s.maxLength ?? 30, 30),
        });
      }
      case 'integer': {
        const min = Math.max(s.minimum ?? (s.exclusiveMinimum ?? -1e6 - 1) + 1, -1e6);
        const max = Math.min(s.maximum ?? (s.exclusiveMaximum ?? 1e6 + 1) - 1, 1e6);
        return min <= max ? fc.integer({ min, max }) : fc.constant(min);
      }
      case 'number':
        return fc.double({
          min: Math.max(s.minimum ?? -1e6, -1e6),
          max: Math.min(s.maximum ?? 1e6, 1e6),
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };
  return go;
}

/** Replaces the k-th node (pre-order) of a JSON value by `by`; the root when k hits it. */
export function spoil(value: unknown, k: number, by: unknown, drop: boolean): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[] | undefined; key: string | number }[] = [
    { parent: undefined, key: '' },
  ];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    for (const [key, child] of Object.entries(v)) {
      nodes.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(key) : key });
      walk(child);
    }
  };
  walk(value);
  const target = nodes[k % nodes.length] as (typeof nodes)[number];
  if (!target.parent) return by;
  if (drop && !Array.isArray(target.parent)) delete (target.parent as Record<string, unknown>)[target.key];
  else (target.parent as Record<string | number, unknown>)[target.key] = by;
  return value;
}

const encodeQuery = (v: unknown): string => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
  // A lone surrogate cannot be percent-encoded as UTF-8; send its would-be bytes raw.
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed() ? encodeURIComponent(s) : '%ED%A0%80';
};

/** One request plan: an operation, who calls it, and what it sends. */
export function planArbitrary(doc: Schema, principals: number): fc.Arbitrary<Plan> {
  const value = valueFor(doc);
  const resolve = resolver(doc);
  const ops = operationsOf(doc);
  const perOp = ops.map((op) => {
    const params = fc.record(
      Object.fromEntries(
        op.pathParams.map((p) => [
          p.name,
          fc.oneof(
            { weight: 5, arbitrary: fc.nat().map((n): ParamValue => ({ pool: n })) },
            { weight: 2, arbitrary: value(p.schema, 0).map((v): ParamValue => ({ raw: encodeQuery(v) })) },
            { weight: 2, arbitrary: badPathParams.map((raw): ParamValue => ({ raw })) },
          ),
        ]),
      ),
    );
    const query = fc
      .tuple(
        fc.tuple(
          ...op.queryParams.map((p) =>
            fc.option(
              fc.oneof(
                { weight: 4, arbitrary: value(p.schema, 0) },
                { weight: 2, arbitrary: nastyValue.filter((v) => typeof v !== 'string' || v.length < 5000) },
              ),
              { freq: 2 },
            ),
          ),
        ),
        fc.constantFrom('', '', '', '&zzz=1', '&%zz=%', '&limit=1&limit=2', `&x=${'y'.repeat(5000)}`),
      )
      .map(([values, extra]) => {
        const parts = values.flatMap((v, i) =>
          v === null ? [] : [`${encodeURIComponent(op.queryParams[i]?.name ?? '')}=${encodeQuery(v)}`],
        );
        const q = parts.join('&') + extra;
        return q ? `?${q.replace(/^&/, '')}` : '';
      });
    const jsonBody = op.body ? value(resolve(op.body), 0) : fc.constant<unknown>({});
    const body: fc.Arbitrary<BodySpec | undefined> = fc.oneof(
      // Well-formed, so the deeper code runs.
      {
        weight: op.body ? 3 : 0,
        arbitrary: jsonBody.map(
          (v): BodySpec => ({ kind: 'json', value: v, contentType: 'application/json' }),
        ),
      },
      // Well-formed but for one spoiled or missing part.
      {
        weight: op.body ? 6 : 0,
        arbitrary: fc.tuple(jsonBody, fc.nat(), nastyValue, fc.boolean()).map(
          ([v, k, by, drop]): BodySpec => ({
            kind: 'json',
            value: spoil(structuredClone(v), k, by, drop && k % 3 === 0),
            contentType: 'application/json',
          }),
        ),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(nastyRawBody, contentTypes)
          .map(([text, contentType]): BodySpec => ({ kind: 'raw', text, contentType })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(jsonBody, contentTypes)
          .map(([value, contentType]): BodySpec => ({ kind: 'json', value, contentType })),
      },
      { weight: op.body ? 0 : 8, arbitrary: fc.constant(undefined) },
    );
    return fc.record({
      op: fc.constant(op),
      principal: fc.nat({ max: principals - 1 }),
      params,
      query,
      body,
      accept: fc.constantFrom(undefined, undefined, 'application/json', 'text/html', '*/*', 'image/png'),
    });
  });
  // Failure reports name the request, not the schemas the plan carries.
  return fc.oneof(...perOp).map((p) => Object.assign(p, { [fc.toStringMethod]: () => describePlan(p) }));
}

const describePlan = (p: Plan) => {
  const body =
    p.body === undefined
      ? ''
      : p.body.kind === 'raw'
        ? String(p.body.text).slice(0, 200)
        : (JSON.stringify(p.body.value) ?? '').slice(0, 200);
  return `${p.op.method} ${p.op.path} ${JSON.stringify(p.params)} ${p.query.slice(0, 200)} caller ${p.principal} ${p.body?.contentType ?? ''} ${body}`;
};

/** Puts ids from the pool where the plan asks for them. */
function withPoolIds(v: unknown, pool: string[]): unknown {
  const pick = (n: number) => pool[n % Math.max(pool.length, 1)] ?? '00000000-0000-4000-8000-000000000000';
  if (typeof v === 'string') return v.startsWith(POOL_MARK) ? pick(Number(v.slice(POOL_MARK.length))) : v;
  if (Array.isArray(v)) return v.map((x) => withPoolIds(x, pool));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPoolIds(x, pool)]));
  return v;
}

export type Wire = { method: string; path: string; headers: Record<string, string>; body?: Buffer };

/** The bytes of a plan, with credentials and ids filled in. */
export function toWire(plan: Plan, credentials: Record<string, string>, pool: string[]): Wire {
  let path = plan.op.path;
  for (const p of plan.op.pathParams) {
    const v = plan.params[p.name] ?? { pool: 0 };
    const text =
      'pool' in v
        ? (pool[v.pool % Math.max(pool.length, 1)] ?? '00000000-0000-4000-8000-000000000000')
        : v.raw;
    path = path.replace(`{${p.name}}`, text);
  }
  const headers: Record<string, string> = { ...credentials };
  if (plan.accept) headers.accept = plan.accept;
  let body: Buffer | undefined;
  if (plan.body) {
    if (plan.body.contentType) headers['content-type'] = plan.body.contentType;
    if (plan.body.kind === 'raw')
      body = Buffer.isBuffer(plan.body.text) ? plan.body.text : Buffer.from(plan.body.text);
    else {
      let text: string;
      try {
        text = JSON.stringify(withPoolIds(plan.body.value, pool)) ?? 'null';
      } catch {
        text = '[[[[';
      }
      body = Buffer.from(text);
    }
  }
  return { method: plan.op.method, path: path + plan.query, headers, body };
}

export type Answer = { status: number; contentType: string; body: string };

/** What is wrong with an answer, or undefined: no 5xx, and every error in the one error shape. */
export function problemWith(wire: Wire, a: Answer): string | undefined {
  if (a.status >= 500) return `${a.status}: ${a.body.slice(0, 300)}`;
  if (a.status < 400) return undefined;
  if (a.body.length > 64 * 1024) return `an error of ${a.body.length} bytes`;
  if (a.contentType.startsWith('text/html')) {
    // People on the public survey pages get a readable page instead.
    return /^\/(s|u|f)\//.test(wire.path) ? undefined : `an HTML error on ${wire.path}`;
  }
  if (!a.contentType.startsWith('application/json')) return `an error as ${a.contentType || 'nothing'}`;
  try {
    const j = JSON.parse(a.body);
    const keys = Object.keys(j);
    const e = j.error;
    if (keys.length !== 1 || typeof e?.code !== 'string' || typeof e?.message !== 'string')
      return `not the error shape: ${a.body.slice(0, 300)}`;
    if (Object.keys(e).some((k) => !['code', 'message', 'details'].includes(k)))
      return `extra error fields: ${a.body.slice(0, 300)}`;
  } catch {
    return `an error that is not JSON: ${a.body.slice(0, 300)}`;
  }
  return undefined;
}

/** Every UUID in a response, for later requests to aim at real objects. */
export const uuidsIn = (text: string): string[] =>
  text.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g) ?? [];
