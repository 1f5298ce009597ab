import type { EventView } from './schemas.ts';

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1{font-size:1.5rem}.status{padding:.75rem 1rem;background:#eef6ee;border-radius:6px}
form{display:inline-block;margin:.25rem .5rem .25rem 0}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}
button.primary{background:#1c7ed6;color:#fff;border-color:#1c7ed6}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export const STATE_WORDS: Record<string, string> = {
  confirmed: 'You are coming: your seat is confirmed.',
  waitlisted: 'The event is full: you are on the waitlist. We will give you a seat as soon as one frees up.',
  declined: 'You told us you will not come.',
  cancelled: 'You cancelled your place.',
};

/** The RSVP page: the event, the current answer, and one plain form per answer (no script). */
export function renderRsvpPage(p: {
  event: EventView;
  when: string;
  state: string | null;
  action: string;
  open: boolean;
  saved?: boolean;
}): string {
  const e = p.event;
  const where = [e.place ? esc(e.place) : '', e.onlineUrl ? esc(e.onlineUrl) : '']
    .filter(Boolean)
    .join(' / ');
  const button = (answer: string, label: string, primary = false) =>
    `<form method="post" action="${esc(p.action)}"><input type="hidden" name="answer" value="${answer}"><button type="submit" name="go" value="1"${primary ? ' class="primary"' : ''}>${label}</button></form>`;
  const buttons = !p.open
    ? '<p>Answers for this event are closed.</p>'
    : p.state === 'confirmed' || p.state === 'waitlisted'
      ? button('cancel', 'Cancel my place')
      : `${button('yes', 'Yes, I will come', true)}${button('no', 'No, I cannot come')}`;
  const status = p.state
    ? `<p class="status" role="status">${esc(STATE_WORDS[p.state] ?? p.state)}${p.saved ? ' Thank you for letting us know.' : ''}</p>`
    : '';
  return layout(
    e.title,
    `<h1>${esc(e.title)}</h1><p><strong>When:</strong> ${esc(p.when)}<br><strong>Where:</strong> ${where}</p>
${e.description ? `<p>${esc(e.description).replace(/\n/g, '<br>')}</p>` : ''}${status}${buttons}`,
  );
}

export function renderRsvpMessage(heading: string, paragraph: string): string {
  return layout(heading, `<h1>${esc(heading)}</h1><p>${esc(paragraph)}</p>`);
}
