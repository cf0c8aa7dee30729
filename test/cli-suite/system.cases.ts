import type { Group } from './types.js';

export const systemGroups: Group[] = [];
