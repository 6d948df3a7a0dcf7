import { describe, expect, it } from 'vitest';
import { isRecordId } from './ids.ts';

// Written out by hand: what a route may look up, and what it answers 404 for without asking the database.
const ids: [unknown, boolean][] = [
  ['3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c', true],
  ['3F2B8C1E-9A4D-4E7B-8C2A-1D5E6F7A8B9C', true],
  ['00000000-0000-0000-0000-000000000000', true],
  ['3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9', false],
  ['3f2b8c1e9a4d4e7b8c2a1d5e6f7a8b9c', false],
  ['{3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c}', false],
  [' 3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c', false],
  ['3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c/edit', false],
  ["3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c' or '1'='1", false],
  ['zzzzzzzz-9a4d-4e7b-8c2a-1d5e6f7a8b9c', false],
  ['1', false],
  ['', false],
  [undefined, false],
  [42, false],
];

describe('isRecordId', () => {
  it.each(ids)('%j is a record id: %s', (value, expected) => {
    expect(isRecordId(value)).toBe(expected);
  });
});
