export { deleteContactRule } from './delete-contact-rule.ts';
export { listContactPreferences } from './list-contact-preferences.ts';
export { listContactRules } from './list-contact-rules.ts';
export { listContacts } from './list-contacts.ts';
export { offerRoutes } from './offer-routes.ts';
export { redeemOfferCodes } from './offers/redeem-offer-codes.ts';
export { eraseCustomerOutreach, exportCustomerOutreach } from './personal-data.ts';
export { releaseContact } from './release-contact.ts';
export { type ContactDecision, type ContactRequest, reserveContact } from './reserve-contact.ts';
export { outreachRoutes } from './routes.ts';
export { savedSegmentRoutes } from './segment-routes.ts';
export { countSegment } from './segments/count-segment.ts';
export type {
  Condition as SegmentCondition,
  Definition as SegmentDefinition,
} from './segments/definition.ts';
export { getSegment, type Segment } from './segments/get-segment.ts';
export { savedSegmentFilter } from './segments/saved-segment-filter.ts';
export { type SegmentMember, segmentMembers } from './segments/segment-members.ts';
export { type SegmentQuery, type SegmentRef, segmentQuery } from './segments/segment-query.ts';
export { type ContactPreference, setContactPreference } from './set-contact-preference.ts';
export { type ContactRule, setContactRule } from './set-contact-rule.ts';
