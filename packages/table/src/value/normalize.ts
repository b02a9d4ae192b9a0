/**
 * Canonical form for parsing only (the original text is kept elsewhere): full-width digits and
 * symbols become ASCII, ≧/≦ and two-character >= <= become ≥ ≤, thousands separators go,
 * whitespace collapses.
 */
const FULL_WIDTH: Readonly<Record<string, string>> = {
  '．': '.',
  '％': '%',
  '＞': '>',
  '＜': '<',
  '＝': '=',
  '≧': '≥',
  '≦': '≤',
  '～': '~',
  '\u3000': ' ',
  '＋': '+',
  '－': '-',
};
const FULL_WIDTH_CHARS = /[０-９．％＞＜＝≧≦～\u3000＋－]/g;
const TWO_CHAR_COMPARATOR = />=|=>|≥=|<=|=<|≤=/g;
const THOUSANDS = /(\d),(?=\d{3}(?!\d))/g;
const SPACES = /\s+/g;

function fullWidthToAscii(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 48);
  return FULL_WIDTH[ch] ?? ch;
}

export function normalizeValueText(text: string): string {
  return text
    .replace(FULL_WIDTH_CHARS, fullWidthToAscii)
    .replace(TWO_CHAR_COMPARATOR, (m) => (m.includes('>') ? '≥' : '≤'))
    .replace(THOUSANDS, '$1')
    .replace(SPACES, ' ')
    .trim();
}
