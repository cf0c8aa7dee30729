import type { Group } from './types.js';

export const imageGroups: Group[] = [];
