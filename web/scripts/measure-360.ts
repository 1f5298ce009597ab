/**
 * Measures the first load of a customer 360 against a running Tenure, the way a rep meets it:
 * signed in, empty browser cache, navigation start until the timeline and the call guide show.
 *
 *   npm start   # in another terminal, with data (npm run tenure -- demo)
 *   npx tsx web/scripts/measure-360.ts --url http://localhost:3000 --email you@example.com \
 *     --password '…' [--customer <id>] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '../e2e/harness.ts';

const { values: o } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    email: { type: 'string' },
    password: { type: 'string' },
    customer: { type: 'string' },
    runs: { type: 'string', default: '5' },
    verbose: { type: 'boolean', default: false },
  },
});
if (!o.email || !o.password) throw new Error('--email and --password are required');

const login = await fetch(`${o.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: o.email, password: o.password }),
});
if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
const [name, value] = (login.headers.get('set-cookie') ?? '').split(';')[0]?.split('=') ?? [];
if (!name || !value) throw new Error('no session cookie');
const cookie = `${name}=${value}`;

let id = o.customer;
if (!id) {
  // The customer with the most touchpoints among the first page: the heaviest 360 to draw.
  const list = (await (
    await fetch(`${o.url}/api/v1/customers?limit=50`, { headers: { cookie } })
  ).json()) as {
    data: { id: string }[];
  };
  let most = -1;
  for (const c of list.data) {
    const r = (await (await fetch(`${o.url}/api/v1/customers/${c.id}`, { headers: { cookie } })).json()) as {
      aggregates: { interactionCount: number };
    };
    if (r.aggregates.interactionCount > most) [most, id] = [r.aggregates.interactionCount, c.id];
  }
  process.stdout.write(`customer ${id} (${most} touchpoints)\n`);
}

const browser = await launchChromium();
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < Number(o.runs); i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name, value, url: o.url }]);
  const page = await context.newPage();
  await page.goto(`${o.url}/customers/${id}`);
  await page.locator('ol[aria-label="Interactions, newest first"] > li').first().waitFor();
  await page
    .getByRole('region', { name: 'Call guide' })
    .getByText(/^Last conversation$/i)
    .waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .mantine-Skeleton-root'));
  const r = await page.evaluate(() => ({
    ms: performance.now(),
    bytes: performance
      .getEntriesByType('resource')
      .reduce((s, e) => s + (e as PerformanceResourceTiming).transferSize, 0),
    waterfall: performance
      .getEntriesByType('resource')
      .map(
        (e) =>
          `  ${new URL(e.name).pathname} at ${Math.round(e.startTime)} ms, took ${Math.round(e.duration)} ms`,
      ),
  }));
  if (o.verbose) process.stdout.write(`run ${i + 1}: ${Math.round(r.ms)} ms\n${r.waterfall.join('\n')}\n`);
  times.push(Math.round(r.ms));
  bytes = r.bytes;
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
process.stdout.write(
  `first load of the 360, empty cache, ${times.length} runs: median ${times[Math.floor(times.length / 2)]} ms ` +
    `(min ${times[0]}, max ${times.at(-1)}); ${bytes} bytes transferred\n`,
);
