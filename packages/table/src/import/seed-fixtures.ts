/** Test helper: the published seed texts, committed under packages/table/fixtures/seeds. */
import { readFileSync } from 'node:fs';

export function readSeed(prefix: '000' | '001' | '002' | '003' | '004'): string {
  const names: Record<string, string> = {
    '000': '000_547459f560d0e71d.txt',
    '001': '001_0c2e672837a57fc8.txt',
    '002': '002_8cf17c9fa6bd6500.txt',
    '003': '003_779fbb76cc83e166.txt',
    '004': '004_c06f50f66a321734.txt',
  };
  return readFileSync(new URL(`../../fixtures/seeds/${names[prefix]}`, import.meta.url), 'utf8');
}
