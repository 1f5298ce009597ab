import type { RedemptionView, RewardView } from './schemas.ts';

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1{font-size:1.5rem}.balance{padding:.75rem 1rem;background:#eef6ee;border-radius:6px;font-size:1.1rem}
ul{list-style:none;padding:0}li{border:1px solid #ddd;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.code{font-family:ui-monospace,monospace;font-size:1.6rem;letter-spacing:.1em;padding:.5rem 1rem;background:#f4f4f4;display:inline-block;border-radius:6px}
button{font-size:1rem;padding:.5rem 1rem;border-radius:6px;border:1px solid #1c7ed6;background:#1c7ed6;color:#fff;cursor:pointer}
button[disabled]{background:#ccc;border-color:#ccc;color:#555;cursor:default}.muted{color:#666}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const KIND: Record<string, string> = { discount: 'Discount', gift: 'Gift', partner: 'Partner benefit' };

/** The customer's rewards page: balance, and one plain form per reward (no script). */
export function renderRewardsPage(p: {
  name: string | null;
  available: number;
  rewards: (RewardView & { form: string })[];
  action: string;
}): string {
  const items = p.rewards
    .map((r) => {
      const short = r.points > p.available;
      const soldOut = r.stock === 0 || r.freeCodes === 0;
      const partner = r.partnerName ? ` from ${esc(r.partnerName)}` : '';
      const why = soldOut ? 'Out of stock' : short ? `You need ${r.points - p.available} more points` : '';
      return `<li><strong>${esc(r.name)}</strong> <span class="muted">(${KIND[r.kind]}${partner})</span><br>
${r.description ? `${esc(r.description)}<br>` : ''}${r.partnerTerms ? `<small class="muted">${esc(r.partnerTerms)}</small><br>` : ''}
<form method="post" action="${esc(p.action)}"><input type="hidden" name="form" value="${esc(r.form)}"><input type="hidden" name="rewardId" value="${esc(r.id)}">
<button type="submit"${short || soldOut ? ' disabled' : ''}>Redeem for ${r.points} points</button> <span class="muted">${why}</span></form></li>`;
    })
    .join('\n');
  return layout(
    'Your rewards',
    `<h1>${p.name ? `${esc(p.name)}, your rewards` : 'Your rewards'}</h1>
<p class="balance" role="status">You have <strong>${p.available}</strong> points to spend.</p>
${items ? `<ul>${items}</ul>` : '<p>There are no rewards to choose from at the moment.</p>'}`,
  );
}

/** What the customer got: the code to use, or what happens next for a gift without a code. */
export function renderRedemptionResult(d: RedemptionView, back: string): string {
  const code = d.code
    ? `<p>Your code:</p><p class="code" data-code>${esc(d.code)}</p><p>Use it once, at checkout${d.partnerName ? ` with ${esc(d.partnerName)}` : ''}.</p>`
    : '<p>We will be in touch about your reward.</p>';
  return layout(
    'Your reward',
    `<h1>${esc(d.rewardName)}</h1><p class="balance" role="status">Redeemed for ${d.points} points.</p>${code}
${d.partnerTerms ? `<p><small class="muted">${esc(d.partnerTerms)}</small></p>` : ''}<p><a href="${esc(back)}">Back to your rewards</a></p>`,
  );
}

export function renderRewardsMessage(
  heading: string,
  paragraph: string,
  back?: string,
  label = 'Back to your rewards',
): string {
  return layout(
    heading,
    `<h1>${esc(heading)}</h1><p>${esc(paragraph)}</p>${back ? `<p><a href="${esc(back)}">${esc(label)}</a></p>` : ''}`,
  );
}
