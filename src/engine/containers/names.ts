/**
 * Names for containers created without one, in the docker style "adjective_surname".
 * The word lists are our own; picks come from the engine's seeded random source.
 */
import type { RandomSource } from '../random.js';

const ADJECTIVES = [
  'agile', 'brave', 'calm', 'clever', 'eager', 'fervent', 'gentle', 'happy', 'jolly', 'keen',
  'lucid', 'merry', 'nifty', 'optimistic', 'patient', 'quirky', 'relaxed', 'serene', 'sharp', 'tender',
  'upbeat', 'vibrant', 'wizardly', 'youthful', 'zealous', 'bold', 'busy', 'cool', 'dazzling', 'festive',
];

const SURNAMES = [
  'lovelace', 'hopper', 'turing', 'noether', 'curie', 'darwin', 'euler', 'gauss', 'hamilton', 'kepler',
  'lamarr', 'meitner', 'newton', 'pascal', 'ritchie', 'shannon', 'thompson', 'wozniak', 'yalow', 'zuse',
  'babbage', 'bohr', 'dijkstra', 'einstein', 'fermi', 'galileo', 'hypatia', 'knuth', 'liskov', 'torvalds',
];

/** Like dockerd: a few random tries (a digit appended after the first), then the short ID. */
export function randomName(random: RandomSource, taken: (name: string) => boolean, shortId: string): string {
  for (let attempt = 0; attempt < 6; attempt++) {
    const base = `${random.pick(ADJECTIVES)}_${random.pick(SURNAMES)}`;
    const name = attempt === 0 ? base : `${base}${random.int(10)}`;
    if (!taken(`/${name}`)) return name;
  }
  return shortId;
}
