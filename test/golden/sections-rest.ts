import type { Recorder } from './lib.js';
export async function imagesSection(_r: Recorder): Promise<void> {}
export async function networksSection(_r: Recorder): Promise<void> {}
export async function volumesSection(_r: Recorder): Promise<void> {}
export async function swarmSection(_r: Recorder): Promise<void> {}
export async function miscSection(_r: Recorder): Promise<void> {}
export async function buildSection(_r: Recorder): Promise<void> {}
export async function cliSection(_r: Recorder): Promise<void> {}
