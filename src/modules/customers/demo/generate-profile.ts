import type { Rng } from './create-rng.ts';

const FIRST = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan ' +
  'Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra ' +
  'Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Kenneth Donna Joshua Michelle Kevin Carol ' +
  'Brian Amanda George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward Sharon Jeffrey ' +
  'Laura Ryan Cynthia Jacob Amy Luis Rosa Carlos Ana Wei Mei Hiroshi Yuki Raj Priya Kwame Amara'
).split(' ');
const LAST = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez ' +
  'Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark ' +
  'Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams ' +
  'Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Chen Wang Kim Patel Okafor Mensah Tanaka ' +
  'Sato Kowalski Novak'
).split(' ');
// CDNOW's customers were in the US; weights roughly follow population by zone.
const ZONES: readonly [string, number][] = [
  ['America/New_York', 47],
  ['America/Chicago', 29],
  ['America/Denver', 7],
  ['America/Phoenix', 2],
  ['America/Los_Angeles', 15],
];
// RFC 2606 reserves these, so no generated address can ever reach a real person.
const DOMAINS = ['example.com', 'example.net', 'example.org'];

export type DemoProfile = { name: string; firstName: string; email: string; phone: string; timeZone: string };

/** A made-up but plausible person; the same rng state always gives the same person. */
export function generateProfile(rng: Rng, externalId: string): DemoProfile {
  const firstName = rng.pick(FIRST);
  const last = rng.pick(LAST);
  let roll = rng.int(1, 100);
  let timeZone = 'America/New_York';
  for (const [zone, weight] of ZONES) {
    if (roll <= weight) {
      timeZone = zone;
      break;
    }
    roll -= weight;
  }
  const local = rng.chance(0.5) ? `${firstName}.${last}` : `${firstName[0]}${last}${rng.int(1, 99)}`;
  // The external id in the address keeps emails unique across 23,570 people with 4,000 name pairs.
  const email = `${local.toLowerCase()}.${externalId}@${rng.pick(DOMAINS)}`;
  // 555-0100 to 555-0199 are reserved for fiction in the North American numbering plan.
  const phone = `+1 ${rng.int(201, 989)} 555 01${String(rng.int(0, 99)).padStart(2, '0')}`;
  return { name: `${firstName} ${last}`, firstName, email, phone, timeZone };
}
