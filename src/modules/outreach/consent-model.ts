/**
 * The one list of what a customer can consent to: every consent check, the API's validation,
 * the preference centre and the migration's CHECK constraints use these (change them together).
 */
export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post', 'in-app'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const CONSENT_PURPOSES = ['service', 'survey', 'marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_STATES = ['granted', 'refused', 'unknown'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export type RecordedBy = 'staff' | 'customer' | 'import' | 'system';

/** What each purpose covers, in the words the preference centre shows customers. */
export const PURPOSE_LABELS: Record<ConsentPurpose, { name: string; plural: string; covers: string }> = {
  service: {
    name: 'Service',
    plural: 'service messages',
    covers: 'about your orders, your account and the questions you asked us',
  },
  survey: { name: 'Surveys', plural: 'surveys', covers: 'short questions about how we did' },
  marketing: {
    name: 'News and offers',
    plural: 'newsletters and offers',
    covers: 'newsletters, offers, win-back',
  },
};
export const CHANNEL_LABELS: Record<ConsentChannel, string> = {
  email: 'email',
  phone: 'phone calls',
  sms: 'text messages',
  post: 'letters',
  'in-app': 'in-app messages',
};

/**
 * What an unrecorded ("unknown") choice means when we want to contact someone. Service and
 * surveys rest on the existing relationship; marketing uses the soft opt-in for existing
 * customers (ePrivacy art. 13(2)): allowed until refused. A stricter installation changes this
 * one line to 'deny' for marketing, and the check then needs a recorded 'granted'.
 */
export const UNKNOWN_MEANS: Record<ConsentPurpose, 'allow' | 'deny'> = {
  service: 'allow',
  survey: 'allow',
  marketing: 'allow',
};

/**
 * Programs name their purpose in their own words ('survey', 'newsletter', 'check-in',
 * 'win-back'); the budget counts those, consent is asked under one of the three purposes.
 */
export function consentPurposeOf(purpose: string): ConsentPurpose {
  if ((CONSENT_PURPOSES as readonly string[]).includes(purpose)) return purpose as ConsentPurpose;
  if (purpose === 'check-in' || purpose === 'support' || purpose === 'case') return 'service';
  return 'marketing';
}

/** Delivery channels onto consent channels: the survey widget ('web') is an in-app message. */
export function consentChannelOf(channel: string): ConsentChannel | undefined {
  if ((CONSENT_CHANNELS as readonly string[]).includes(channel)) return channel as ConsentChannel;
  if (channel === 'web' || channel === 'app') return 'in-app';
  if (channel === 'mail' || channel === 'letter') return 'post';
  if (channel === 'call') return 'phone';
  return undefined;
}

/** Channels on which quiet hours apply: the ones that interrupt someone right now. */
export const INTERRUPTING_CHANNELS: readonly ConsentChannel[] = ['phone', 'sms'];
