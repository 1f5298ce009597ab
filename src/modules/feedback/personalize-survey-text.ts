import { Liquid } from 'liquidjs';

type CustomerView = {
  name: string | null;
  emails: string[];
  locale: string | null;
  customFields: Record<string, unknown>;
};

// Texts written by staff (subject, title, intro, questions): rendered as plain text here; the
// email templates escape them when they go into HTML. Unknown variables render as nothing.
const liquid = new Liquid({ cache: 200, ownPropertyOnly: true, strictVariables: false });

/** What a survey text can name: `{{ customer.firstName | default: "there" }}`. */
export function personalizationVars(c: Pick<CustomerView, 'name' | 'emails' | 'locale' | 'customFields'>) {
  const parts = (c.name ?? '').trim().split(/\s+/).filter(Boolean);
  return {
    customer: {
      name: c.name ?? '',
      firstName: parts[0] ?? '',
      lastName: parts.length > 1 ? parts.slice(1).join(' ') : '',
      email: c.emails[0] ?? '',
      locale: c.locale ?? '',
      customFields: c.customFields,
    },
  };
}

/**
 * Renders the Liquid in one survey text for one customer. A text whose Liquid does not parse
 * is sent as written rather than not at all (the survey editor shows the same text).
 */
export async function personalizeSurveyText(text: string, vars: Record<string, unknown>): Promise<string> {
  if (!text.includes('{')) return text;
  try {
    return (await liquid.parseAndRender(text, vars)) as string;
  } catch {
    return text;
  }
}
