/**
 * What the recorder asks, one section per API tag. Each `rec*` call writes one
 * fixture; `r.do` calls are unrecorded set-up/tear-down.
 */
import type { Recorder } from './lib.js';
import { systemSection, containersSection } from './sections-core.js';
import { streamsSection, execSection } from './sections-streams.js';
import { flowsSection } from './flows.js';
import { extraSection } from './sections-extra.js';
import { imagesSection, networksSection, volumesSection, swarmSection, miscSection, buildSection, cliSection } from './sections-rest.js';

export interface Section {
  name: string;
  run: (r: Recorder) => Promise<void>;
}

export const sections: Section[] = [
  { name: 'system', run: systemSection },
  { name: 'containers', run: containersSection },
  { name: 'streams', run: streamsSection },
  { name: 'exec', run: execSection },
  { name: 'extra', run: extraSection },
  { name: 'images', run: imagesSection },
  { name: 'networks', run: networksSection },
  { name: 'volumes', run: volumesSection },
  { name: 'build', run: buildSection },
  { name: 'misc', run: miscSection },
  { name: 'swarm', run: swarmSection },
  { name: 'cli', run: cliSection },
  { name: 'flows', run: flowsSection },
];
