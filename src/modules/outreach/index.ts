export { callListRoutes } from './call-list-routes.ts';
export { buildCallListsJob } from './call-lists/build-call-lists-job.ts';
export { registerCallListBoost } from './call-lists/call-list-boost.ts';
export { completeCallItems } from './call-lists/complete-on-contact.ts';
export { campaignRoutes } from './campaign-routes.ts';
// For people's introduction email from a new rep: the campaign template language and footer.
export { composeCampaignMail } from './campaigns/compose-mail.ts';
export { deliverCampaignSendJob } from './campaigns/deliver-campaign-send.ts';
export { launchDueRunsJob } from './campaigns/launch-due-runs.ts';
export { launchRunJob } from './campaigns/launch-run.ts';
export { checkSegmentEntriesJob } from './campaigns/segment-entry.ts';
// For other modules' own sends (loyalty's event invitations): the send window and the uplift math.
export { checkWindow, nextInWindow, zoneOr } from './campaigns/send-window.ts';
export { checkTemplate, renderTemplate, textToHtml } from './campaigns/template.ts';
export { registerTemplateVariables, type TemplateVariables } from './campaigns/template-variables.ts';
export { campaignTriggerListener } from './campaigns/trigger-listener.ts';
export {
  type ContactIntent,
  type ContactRefusal,
  type ContactVerdict,
  checkContact,
  decideContact,
  loadConsentCells,
  type RefusalCode,
  recordRefusals,
} from './check-contact.ts';
export {
  CHANNEL_LABELS,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_STATES,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentState,
  PURPOSE_LABELS,
} from './consent-model.ts';
export { deleteContactRule } from './delete-contact-rule.ts';
export { type ConsentCell, type ContactHours, getConsentMatrix, getContactHours } from './get-consent.ts';
export { listContactPreferences } from './list-contact-preferences.ts';
export { listContactRefusals } from './list-contact-refusals.ts';
export { listContactRules } from './list-contact-rules.ts';
export { listContacts } from './list-contacts.ts';
export { offerRoutes } from './offer-routes.ts';
export { codesOf, redeemOfferCodes } from './offers/redeem-offer-codes.ts';
export { offerCode } from './offers/schemas.ts';
export { eraseCustomerOutreach, exportCustomerOutreach } from './personal-data.ts';
// People's "which rewards do you value?" page opens with the same preference-centre token.
export {
  buildContactLinks,
  type ContactLinks,
  readPreferencesToken,
} from './preference-centre/contact-links.ts';
export { preferenceCentreRoutes } from './preference-centre/routes.ts';
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
export { type ConsentChange, type ConsentInput, setConsent } from './set-consent.ts';
export { type ContactPreference, setContactPreference } from './set-contact-preference.ts';
export { type ContactRule, setContactRule } from './set-contact-rule.ts';
export type { Arm, ProgramKind } from './tables.ts';
export { type ArmRequest, type ArmsRequest, armDraw, assignArm, assignArms } from './uplift/assign-arm.ts';
export {
  buildUpliftReport,
  type MetricUplift,
  type ProgramUplift,
} from './uplift/build-uplift-report.ts';
export { listPrograms } from './uplift/list-programs.ts';
export { compareMeans, type Difference } from './uplift/math/compare-means.ts';
export { compareProportions } from './uplift/math/compare-proportions.ts';
export { GLOBAL_CONTROL_ID, type Program } from './uplift/programs.ts';
export { saveProgram } from './uplift/save-program.ts';
export { currencyQuery, programUpliftView } from './uplift/schemas.ts';
export { upliftRoutes } from './uplift-routes.ts';
export { countWinbackReactivation } from './winback/count-reactivation.ts';
export { deliverWinbackEmailJob } from './winback/deliver-winback-email.ts';
export { runWinbackJob } from './winback/winback-job.ts';
export { winbackRoutes } from './winback-routes.ts';
