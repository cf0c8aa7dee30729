import { ENGINE_VERSION } from '../engine/cluster.js';

/** dockerd's Server header: "Docker/<engine version> (<os>)". */
export const SERVER_HEADER = `Docker/${ENGINE_VERSION} (linux)`;
