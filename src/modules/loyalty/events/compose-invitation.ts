import type { CustomerView } from '../../customers/index.ts';
import { textToHtml } from '../../outreach/index.ts';
import type { EventView } from './schemas.ts';

/** When and where, in the event's own time zone and the customer's language. */
export function describeWhen(
  e: Pick<EventView, 'startsAt' | 'endsAt' | 'timeZone'>,
  locale?: string | null,
): string {
  const fmt = (opts: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(locale ?? 'en', { ...opts, timeZone: e.timeZone });
    } catch {
      return new Intl.DateTimeFormat('en', { ...opts, timeZone: e.timeZone });
    }
  };
  const day = fmt({ dateStyle: 'full', timeStyle: 'short' }).format(e.startsAt);
  const end = fmt({ hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(e.endsAt);
  return `${day} – ${end}`;
}

/** The invitation email: what, when, where, the signed RSVP link and the footer every email carries. */
export function composeInvitation(
  event: EventView,
  customer: Pick<CustomerView, 'name' | 'locale'>,
  rsvpUrl: string,
  footer: { preferencesUrl: string; unsubscribeUrl: string },
): { subject: string; text: string; html: string } {
  const first = (customer.name ?? '').trim().split(/\s+/)[0] || 'there';
  const where = [event.place, event.onlineUrl].filter(Boolean).join(' / ');
  const text = [
    `Hi ${first},`,
    '',
    `You are invited to ${event.title}.`,
    '',
    `When: ${describeWhen(event, customer.locale)}`,
    `Where: ${where}`,
    ...(event.description ? ['', event.description] : []),
    '',
    `Will you come? Answer here (you can change your answer later): ${rsvpUrl}`,
    '',
    '--',
    `Manage your email preferences: ${footer.preferencesUrl}`,
    `Unsubscribe from these emails: ${footer.unsubscribeUrl}`,
    '',
  ].join('\n');
  return { subject: `Invitation: ${event.title}`.slice(0, 300), text, html: textToHtml(text) };
}
