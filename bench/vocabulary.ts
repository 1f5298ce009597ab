import { weighted } from './random.ts';

// Plain-ASCII names from many countries: the search box sees realistic, colliding names.
export const firstNames = (
  'anna ben carla david elena felix grace hugo ines jonas karin liam maria noah olivia paul ' +
  'quentin rosa samuel tara ulrich vera william xenia yusuf zoe aisha bruno chloe daniel emma ' +
  'fatima george hana ivan julia kenji lucia mohammed nina oscar priya rafael sofia thomas ursula ' +
  'victor wei yara amir beatrice carlos diana erik francesca gabriel helen isaac jana kofi laura ' +
  'marco nadia omar petra ravi sara tomas valentina wolfgang yuki adam clara emil freya hannah ' +
  'jakob leo mila nils pia simon theo alice james lena'
).split(' ');

export const lastNames = (
  'smith mueller garcia rossi dubois jansen kowalski novak silva nielsen johansson schmidt martin ' +
  'lopez bianchi moreau devries nowak horvat santos hansen berg schneider bernard fernandez romano ' +
  'laurent bakker wojcik svoboda pereira larsen lindqvist fischer petit gonzalez colombo fontaine ' +
  'visser lewandowski dvorak costa pedersen nyberg weber richard rodriguez ricci girard smit ' +
  'kaminski cerny oliveira andersen holm meyer durand martinez marino bonnet meijer zielinski ' +
  'prochazka ferreira christensen ek wagner leroy sanchez greco mercier mulder szymanski kral ' +
  'almeida rasmussen strand becker roux ramirez bruno lambert bos wozniak vesely tanaka kim nguyen ' +
  'chen okafor mensah haddad khan patel singh ivanova popescu yilmaz demir papadopoulos murphy ' +
  'obrien walsh evans taylor brown wilson clarke'
).split(' ');

// Reserved example domains (RFC 2606): generated addresses can never reach a real mailbox.
export const emailDomains = [
  'example.com',
  'example.org',
  'example.net',
  'mail.example.com',
  'shop.example.org',
];

export type Region = { timeZone: string; locale: string; currency: string; phone: string };

const regionList: readonly (readonly [Region, number])[] = [
  [{ timeZone: 'Europe/London', locale: 'en-GB', currency: 'GBP', phone: '+44 20 7946 ' }, 20],
  [{ timeZone: 'Europe/Berlin', locale: 'de-DE', currency: 'EUR', phone: '+49 30 901820' }, 18],
  [{ timeZone: 'Europe/Paris', locale: 'fr-FR', currency: 'EUR', phone: '+33 1 99 00 ' }, 14],
  [{ timeZone: 'America/New_York', locale: 'en-US', currency: 'USD', phone: '+1 212 555 ' }, 18],
  [{ timeZone: 'America/Los_Angeles', locale: 'en-US', currency: 'USD', phone: '+1 310 555 ' }, 10],
  [{ timeZone: 'Europe/Madrid', locale: 'es-ES', currency: 'EUR', phone: '+34 91 000 ' }, 8],
  [{ timeZone: 'Asia/Tokyo', locale: 'ja-JP', currency: 'JPY', phone: '+81 3 0000 ' }, 5],
  [{ timeZone: 'Australia/Sydney', locale: 'en-AU', currency: 'AUD', phone: '+61 2 5550 ' }, 7],
];
export const regions = weighted(regionList);
export const currencyOfTimeZone = new Map<string, string>(regionList.map(([r]) => [r.timeZone, r.currency]));

export type EventKind = {
  kind: string;
  channels: readonly string[];
  direction: 'inbound' | 'outbound' | 'internal';
  source: string;
  money?: boolean;
  subjects?: readonly string[];
  sentiment?: boolean;
};

/** The mix of touchpoints of a shop with stores, a web shop, a call centre and a help desk. */
export const eventKinds = weighted<EventKind>([
  [
    {
      kind: 'purchase',
      channels: ['web', 'web', 'in-person', 'app'],
      direction: 'inbound',
      source: 'shop',
      money: true,
    },
    28,
  ],
  [
    { kind: 'refund', channels: ['web', 'in-person'], direction: 'outbound', source: 'shop', money: true },
    1.5,
  ],
  [
    {
      kind: 'email',
      channels: ['email'],
      direction: 'outbound',
      source: 'mail',
      subjects: [
        'Your order has shipped',
        'Monthly newsletter',
        'We miss you',
        'Your points balance',
        'New season',
      ],
    },
    24,
  ],
  [{ kind: 'web-visit', channels: ['web', 'app'], direction: 'inbound', source: 'web' }, 16],
  [{ kind: 'visit', channels: ['in-person'], direction: 'inbound', source: 'store' }, 8],
  [{ kind: 'call', channels: ['phone'], direction: 'inbound', source: 'phone', sentiment: true }, 6],
  [
    {
      kind: 'ticket',
      channels: ['email', 'chat'],
      direction: 'inbound',
      source: 'helpdesk',
      sentiment: true,
      subjects: [
        'Late delivery',
        'Wrong size',
        'Damaged item',
        'Billing question',
        'Cannot log in',
        'Return label',
      ],
    },
    5,
  ],
  [{ kind: 'sms', channels: ['sms'], direction: 'outbound', source: 'sms', subjects: ['Delivery today'] }, 4],
  [{ kind: 'chat', channels: ['chat'], direction: 'inbound', source: 'helpdesk', sentiment: true }, 3],
  [
    {
      kind: 'survey-response',
      channels: ['web', 'email'],
      direction: 'inbound',
      source: 'survey',
      sentiment: true,
    },
    2,
  ],
]);

export const ticketBodies = [
  'The parcel arrived two days after the promised date and the box was open.',
  'I was charged twice for the same order, please refund one of the payments.',
  'The jacket is a size too small; I would like to exchange it for a larger one.',
  'I cannot reset my password, the email with the link never arrives.',
];
