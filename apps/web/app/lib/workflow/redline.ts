/**
 * A redline of two texts for showing what changed (old → new): common prefix and suffix kept,
 * the middle compared character by character (longest common subsequence), so a few words
 * changed in a long 年度总体绩效目标 show as a few marks. Texts too long to compare cheaply
 * show as one deletion and one insertion.
 */
export type Piece = { kind: 'same' | 'del' | 'ins'; text: string };

const MAX_CELLS = 1_500_000;

export function redline(before: string, after: string): Piece[] {
  const a = [...before];
  const b = [...after];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const midA = a.slice(start, a.length - end);
  const midB = b.slice(start, b.length - end);
  const out: Piece[] = [];
  const push = (kind: Piece['kind'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  if (midA.length * midB.length > MAX_CELLS) {
    push('del', midA.join(''));
    push('ins', midB.join(''));
  } else {
    for (const p of lcsPieces(midA, midB)) push(p.kind, p.text);
  }
  push('same', a.slice(a.length - end).join(''));
  return out;
}

function lcsPieces(a: string[], b: string[]): Piece[] {
  const n = a.length;
  const m = b.length;
  if (!n || !m) return [...(n ? [{ kind: 'del' as const, text: a.join('') }] : []), ...(m ? [{ kind: 'ins' as const, text: b.join('') }] : [])];
  // lengths of the common subsequences of the suffixes
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
    }
  }
  const out: Piece[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (len[(i + 1) * w + j]! >= len[i * w + j + 1]!) {
      out.push({ kind: 'del', text: a[i++]! });
    } else {
      out.push({ kind: 'ins', text: b[j++]! });
    }
  }
  while (i < n) out.push({ kind: 'del', text: a[i++]! });
  while (j < m) out.push({ kind: 'ins', text: b[j++]! });
  return out;
}
