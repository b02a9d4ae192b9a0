import { describe, expect, it } from 'vitest';
import { LANDING, safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps paths on this site, with query and hash', () => {
    expect(safeNext('/projects/p_1')).toBe('/projects/p_1');
    expect(safeNext('/admin?tab=users#new')).toBe('/admin?tab=users#new');
    expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });

  it.each([
    null,
    undefined,
    '',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/foo\\bar',
    'https://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\u0000/evil.example',
    ' //evil.example',
    `/${'a'.repeat(3000)}`,
  ])('rejects %j', (next) => {
    expect(safeNext(next)).toBe(LANDING);
  });
});
