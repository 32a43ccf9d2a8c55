import { createHash } from 'node:crypto';

/** Hex SHA-256 of a UTF-8 string: how tokens are stored and looked up, and how keys are made opaque. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
