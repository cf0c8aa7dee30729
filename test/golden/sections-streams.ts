import type { Recorder } from './lib.js';
export async function streamsSection(_r: Recorder): Promise<void> {}
export async function execSection(_r: Recorder): Promise<void> {}
