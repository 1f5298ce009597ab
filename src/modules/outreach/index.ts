export { deleteContactRule } from './delete-contact-rule.ts';
export { listContactPreferences } from './list-contact-preferences.ts';
export { listContactRules } from './list-contact-rules.ts';
export { listContacts } from './list-contacts.ts';
export { releaseContact } from './release-contact.ts';
export { type ContactDecision, type ContactRequest, reserveContact } from './reserve-contact.ts';
export { outreachRoutes } from './routes.ts';
export { type ContactPreference, setContactPreference } from './set-contact-preference.ts';
export { type ContactRule, setContactRule } from './set-contact-rule.ts';
