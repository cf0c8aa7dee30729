/** A JSON-encoded OCI platform query value, decoded as moby's httputils.DecodePlatform does. */
import { invalidParameter } from '../engine/errors.js';
import { goJsonError } from './build.js';

export interface OciPlatform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

const STRING_FIELDS = ['os', 'architecture', 'variant', 'os.version'] as const;

function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

export function decodePlatform(raw: string): OciPlatform {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw invalidParameter(`failed to parse platform: ${goJsonError(raw, err)}`);
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw invalidParameter(`failed to parse platform: json: cannot unmarshal ${goKind(value)} into Go value of type v1.Platform`);
  }
  const fields = (value ?? {}) as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    const v = fields[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw invalidParameter(`failed to parse platform: json: cannot unmarshal ${goKind(v)} into Go struct field Platform.${field} of type string`);
    }
  }
  const text = (field: (typeof STRING_FIELDS)[number]) => (typeof fields[field] === 'string' ? (fields[field] as string) : '');
  const features = Array.isArray(fields['os.features']) ? (fields['os.features'] as string[]) : [];
  const hasOptional = text('variant') !== '' || text('os.version') !== '' || features.length > 0;
  if (text('os') === '' && text('architecture') === '' && hasOptional) {
    throw invalidParameter('optional platform fields provided, but OS and Architecture are missing');
  }
  if (text('os') === '' || text('architecture') === '') throw invalidParameter('both OS and Architecture must be provided');
  return { os: text('os'), architecture: text('architecture'), variant: text('variant') || undefined, 'os.version': text('os.version') || undefined, 'os.features': features.length ? features : undefined };
}
