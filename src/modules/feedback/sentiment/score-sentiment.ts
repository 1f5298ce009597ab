/// <reference path="./vader-sentiment.d.ts" />
// (The reference lets every tsconfig that reaches this file, web/tsconfig.node.json too, see the types.)
import vader from 'vader-sentiment';
import { SERVICE_LEXICON } from './service-lexicon.ts';

// VADER's normalisation of a summed valence into (−1, 1), and its inverse, so our phrase valences
// add to VADER's sum on the same scale before normalising once.
const ALPHA = 15;
const normalise = (sum: number) => sum / Math.sqrt(sum * sum + ALPHA);
const denormalise = (c: number) =>
  Math.abs(c) >= 1 ? Math.sign(c) * 60 : c * Math.sqrt(ALPHA / (1 - c * c));
// VADER's factor for a negated word.
const NEGATED = -0.74;
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'neither',
  'nor',
  'without',
  'hardly',
  'barely',
  'cannot',
  'cant',
  'dont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'wont',
  'wouldnt',
  'couldnt',
]);

/**
 * Words that read as praise in VADER's social-media lexicon but, in a customer's comment, name a
 * service ("support never replied", "tech support") or compare ("feels like plastic"). They are
 * rewritten to neutral words before VADER reads the comment.
 */
const NEUTRALISE: [RegExp, string][] = [
  [/\b(customer|tech|technical|phone|email|online|product) (support|help)\b/gi, '$1 desk'],
  [/\bsupport (team|ticket|agent|staff|line|chat|email|person|people)s?\b/gi, 'desk $1'],
  [
    /\b(support|help ?desk|helpdesk|help) (never|didn't|did not|hasn't|has not|won't|wouldn't|doesn't|does not|still|was|is|were)\b/gi,
    'desk $2',
  ],
  [/\b(feels?|felt|looks?|looked|seems?|seemed|sounds?|sounded) like\b/gi, '$1 as'],
  // A problem that is absent is no complaint; VADER reads the word "problem" whatever precedes it.
  [/\b(no|without|zero) (problem|issue|complaint|trouble)s?\b/gi, 'noproblem'],
  // Idioms whose negation VADER turns the wrong way.
  [
    /\b(couldn't|could not|couldnt) (be|have been) (happier|more happy|more pleased|better|simpler|easier)\b/gi,
    'delighted',
  ],
  [/\b(couldn't|could not|couldnt|can't|cannot|cant) ask for more\b/gi, 'delighted'],
  [/\b(don't|do not|dont) (waste|bother)\b/gi, 'wasted'],
];

/**
 * The npm port of VADER compares negations and "but" case-sensitively and strips only one
 * punctuation mark from a word, so "Not impressed" reads as praise and "Disappointed!." as
 * nothing. Lower-casing capitalised words (ALL CAPS stay, VADER uses them for emphasis) and
 * spacing punctuation off words fixes both.
 */
const forVader = (text: string) =>
  text
    .replace(/\b[A-Z][a-z']+\b/g, (w) => w.toLowerCase())
    .replace(/(\p{L})([.!?,;"()]+)/gu, '$1 $2')
    .replace(/([.!?,;"()]+)(\p{L})/gu, '$1 $2');

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Lower case, words and apostrophes only, single spaces, padded: phrases match whole words. */
const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()} `;

const PHRASES = SERVICE_LEXICON.map(([pattern, valence]) => {
  const body = pattern
    .toLowerCase()
    .split(/\s+/)
    .map((w) => escapeRegex(w.replace(/\*+$/, '')) + (w.endsWith('*') ? "[\\p{L}\\p{N}']*" : ''))
    .join(' ');
  return { re: new RegExp(`(?<= )${body}(?= )`, 'gu'), valence, length: pattern.length };
}).sort((a, b) => b.length - a.length); // longest first, so a phrase inside a longer one counts once

/** Whether one of the three words before `index` in the padded text negates what follows. */
function negatedAt(text: string, index: number): boolean {
  const before = text.slice(0, index).trim().split(' ').slice(-3);
  return before.some((w) => NEGATORS.has(w.replace(/'/g, '')) || w.endsWith("n't"));
}

/**
 * Sentiment of a comment in −1…1: VADER (negation, intensifiers, "but", capitals, exclamation)
 * on the comment with service words neutralised, plus the service and complaint phrases it holds
 * (each negated when one of the three words before it is a negation), normalised as VADER does.
 * 0 when nothing in it carries an opinion.
 */
export function scoreSentiment(text: string): number {
  let prepared = text;
  for (const [re, to] of NEUTRALISE) prepared = prepared.replace(re, to);
  let sum = denormalise(vader.SentimentIntensityAnalyzer.polarity_scores(forVader(prepared)).compound);
  const plain = words(text);
  const taken: [number, number][] = [];
  for (const { re, valence } of PHRASES) {
    for (const m of plain.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      // A longer phrase already counted covers this one ("arrived scratched" and "scratched").
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      sum += negatedAt(plain, start) ? valence * NEGATED : valence;
    }
  }
  return Math.round(normalise(sum) * 1000) / 1000;
}
