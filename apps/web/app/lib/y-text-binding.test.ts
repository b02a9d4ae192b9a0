import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, transformPosition } from './text-diff';
import { type TextFieldLike, YTextBinding } from './y-text-binding';

/** An input element as the binding sees it; records writes it must not receive. */
class FakeField implements TextFieldLike {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  composing = false;
  violations: string[] = [];
  private readonly strict: boolean;
  constructor(strict: boolean) {
    this.strict = strict;
  }
  setValue(value: string): void {
    if (this.strict && this.composing) this.violations.push(`field written mid-composition: ${JSON.stringify(value)}`);
    this.value = value;
    this.selectionStart = this.selectionEnd = value.length; // what a browser does
  }
  setSelection(start: number, end: number): void {
    this.selectionStart = Math.max(0, Math.min(start, this.value.length));
    this.selectionEnd = Math.max(this.selectionStart, Math.min(end, this.value.length));
  }
  /** The user replaces the selection with `text` (typing, pasting, deleting with text ''). */
  replaceSelection(text: string): string {
    const { value, selectionStart: s, selectionEnd: e } = this;
    this.value = value.slice(0, s) + text + value.slice(e);
    this.selectionStart = this.selectionEnd = s + text.length;
    return value.slice(s, e);
  }
}

interface Binding {
  input(): void;
  compositionStart(): void;
  compositionEnd(): void;
  destroy(): void;
}
type Task = () => void;
type BindingFactory = (text: Y.Text, field: FakeField, schedule: (task: Task) => void) => Binding;

const newBinding: BindingFactory = (text, field) => new YTextBinding(text, field);

/**
 * The binding YTextField had before: a React-controlled field whose remote renders come later
 * (React schedules them as a task, so a keystroke can come first), local edits diffed against
 * the current Y.Text, remote changes ignored while composing.
 */
const legacyBinding: BindingFactory = (text, field, schedule) => {
  const LOCAL = Symbol('local');
  let state = text.toString();
  let composing = false;
  let caret: [number, number] | null = null;
  field.setValue(state);
  const render = () => {
    if (field.value !== state) field.setValue(state);
    if (caret) field.setSelection(caret[0], caret[1]);
    caret = null;
  };
  const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
    if (tr.origin === LOCAL || composing) return;
    const delta = event.delta as Array<{ insert?: unknown; delete?: number; retain?: number }>;
    caret = [transformPosition(field.selectionStart, delta), transformPosition(field.selectionEnd, delta)];
    state = text.toString();
    schedule(render);
  };
  text.observe(observer);
  const commit = (next: string) => text.doc!.transact(() => applyTextChange(text, text.toString(), next), LOCAL);
  return {
    input() {
      state = field.value;
      render();
      if (!composing) commit(field.value);
    },
    compositionStart() {
      composing = true;
    },
    compositionEnd() {
      composing = false;
      commit(field.value);
      state = text.toString();
      render();
    },
    destroy: () => text.unobserve(observer),
  };
};

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Client {
  id: number;
  doc: Y.Doc;
  text: Y.Text;
  field: FakeField;
  binding: Binding;
  tasks: Task[];
  comp: { start: number; len: number; steps: number; pinyin: string } | null;
}

/**
 * One run: `clients` editors of one Y.Text, `actions` user actions interleaved at random with
 * out-of-order update deliveries (and, for the legacy binding, its deferred renders). Every
 * typed character is unique within the run, so each can be followed. Returns what went wrong.
 */
function run(seed: number, factory: BindingFactory, strict: boolean, clientCount: number, actions: number): string[] {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const problems: string[] = [];

  // unique characters: printable ASCII and CJK ideographs, shuffled
  const ascii = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).sort(() => rnd() - 0.5);
  let cjk = 0x4e00 + int(15000);
  const fresh = () => (ascii.length > 0 && rnd() < 0.3 ? ascii.pop()! : String.fromCharCode(cjk++));
  const typed = new Set<string>();
  const deleted = new Set<string>();
  /** Values the users saw or produced (outside compositions): their order must survive. */
  const views: string[] = [];

  let initial = '';
  for (let i = int(8); i > 0; i--) initial += fresh();
  for (const ch of initial) typed.add(ch);
  const origin = new Y.Doc();
  origin.clientID = 0;
  origin.getText('t').insert(0, initial);
  const start = Y.encodeStateAsUpdate(origin);

  const messages: Array<{ to: Client; update: Uint8Array }> = [];
  const clients: Client[] = [];
  for (let id = 0; id < clientCount; id++) {
    const doc = new Y.Doc();
    doc.clientID = 1 + int(2 ** 30); // client ids decide the order of concurrent inserts: seeded too
    Y.applyUpdate(doc, start, 'net');
    const text = doc.getText('t');
    const field = new FakeField(strict);
    const tasks: Task[] = [];
    const binding = factory(text, field, (t) => tasks.push(t));
    const client: Client = { id, doc, text, field, binding, tasks, comp: null };
    doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from === 'net') return;
      if (strict && field.composing) problems.push(`client ${id} wrote to the Y.Text mid-composition`);
      for (const other of clients) if (other !== client) messages.push({ to: other, update });
    });
    clients.push(client);
  }

  const deliver = (index: number) => {
    const [{ to, update }] = messages.splice(index, 1) as [{ to: Client; update: Uint8Array }];
    const f = to.field;
    const before = f.value;
    const sel = [f.selectionStart, f.selectionEnd] as const;
    Y.applyUpdate(to.doc, update, 'net');
    if (!f.composing) views.push(f.value);
    if (!strict) return;
    if (f.composing) {
      if (f.value !== before) problems.push(`client ${to.id}: field changed mid-composition`);
      return;
    }
    // the caret stays just after the character it followed (or the nearest surviving one before it)
    const expected = sel.map((p) => {
      for (let i = p - 1; i >= 0; i--) {
        const at = f.value.indexOf(before[i]!);
        if (at >= 0) return at + 1;
      }
      return 0;
    });
    if (f.selectionStart !== expected[0] || f.selectionEnd !== expected[1]) {
      problems.push(
        `client ${to.id}: caret [${sel}] in ${JSON.stringify(before)} became [${f.selectionStart},${f.selectionEnd}] in ${JSON.stringify(f.value)}, expected [${expected}]`,
      );
    }
  };

  const compose = (c: Client) => {
    const { field: f, comp } = c;
    if (!comp) return;
    if (comp.steps > 0) {
      // a composition update: the pinyin so far replaces the composition range (first: the selection)
      comp.pinyin += String.fromCharCode(0x61 + int(26));
      const replaced = f.value.slice(comp.start, comp.start + comp.len);
      if (comp.pinyin.length === 1) for (const ch of replaced) deleted.add(ch);
      f.value = f.value.slice(0, comp.start) + comp.pinyin + f.value.slice(comp.start + comp.len);
      comp.len = comp.pinyin.length;
      f.selectionStart = f.selectionEnd = comp.start + comp.len;
      comp.steps--;
      c.binding.input();
      return;
    }
    // commit (or cancel: nothing)
    let committed = '';
    if (rnd() < 0.9) for (let n = 1 + int(3); n > 0; n--) committed += String.fromCharCode(cjk++);
    for (const ch of committed) typed.add(ch);
    f.value = f.value.slice(0, comp.start) + committed + f.value.slice(comp.start + comp.len);
    f.selectionStart = f.selectionEnd = comp.start + committed.length;
    c.comp = null;
    f.composing = false;
    views.push(f.value);
    if (rnd() < 0.5) {
      c.binding.input(); // Chrome: the last input event comes first
      c.binding.compositionEnd();
    } else {
      c.binding.compositionEnd();
      c.binding.input();
    }
  };

  const act = (c: Client) => {
    const f = c.field;
    if (c.comp) return compose(c);
    const r = rnd();
    if (r < 0.15) {
      // click somewhere, sometimes selecting a range
      const a = int(f.value.length + 1);
      const b = rnd() < 0.2 ? Math.min(f.value.length, a + int(4)) : a;
      f.setSelection(a, b);
    } else if (r < 0.6) {
      for (const ch of f.replaceSelection(fresh())) deleted.add(ch);
      for (const ch of f.value.slice(f.selectionStart - 1, f.selectionStart)) typed.add(ch);
      views.push(f.value);
      c.binding.input();
    } else if (r < 0.8) {
      // backspace
      if (f.selectionStart === f.selectionEnd) {
        if (f.selectionStart === 0) return;
        f.selectionStart--;
      }
      for (const ch of f.replaceSelection('')) deleted.add(ch);
      views.push(f.value);
      c.binding.input();
    } else {
      f.composing = true;
      c.binding.compositionStart();
      const sel = f.selectionEnd - f.selectionStart;
      c.comp = { start: f.selectionStart, len: sel, steps: 1 + int(4), pinyin: '' };
    }
  };

  for (let step = 0; step < actions; step++) {
    const r = rnd();
    const withTasks = clients.filter((c) => c.tasks.length > 0);
    if (messages.length > 0 && r < 0.45) deliver(int(messages.length));
    else if (withTasks.length > 0 && r < 0.6) withTasks[int(withTasks.length)]!.tasks.shift()!();
    else act(clients[int(clients.length)]!);
  }
  // everyone finishes composing, then the network and the renders settle
  for (const c of clients) while (c.comp) compose(c);
  for (let round = 0; messages.length > 0 || clients.some((c) => c.tasks.length > 0); round++) {
    if (round > 10_000) return [...problems, 'the clients keep sending updates to each other'];
    if (messages.length > 0) deliver(int(messages.length));
    for (const c of clients) if (c.tasks.length > 0) c.tasks.shift()!();
  }

  const final = clients[0]!.text.toString();
  for (const c of clients) {
    problems.push(...c.field.violations);
    if (c.text.toString() !== final) problems.push(`client ${c.id} diverged: ${JSON.stringify(c.text.toString())} vs ${JSON.stringify(final)}`);
    if (c.field.value !== c.text.toString()) {
      problems.push(`client ${c.id} shows ${JSON.stringify(c.field.value)} but holds ${JSON.stringify(c.text.toString())}`);
    }
    c.binding.destroy();
  }
  const count = new Map<string, number>();
  for (const ch of final) count.set(ch, (count.get(ch) ?? 0) + 1);
  for (const ch of typed) {
    const n = count.get(ch) ?? 0;
    if (deleted.has(ch) && n > 0) problems.push(`deleted ${ch} is back (${n}×)`);
    if (!deleted.has(ch) && n !== 1) problems.push(`typed ${ch} is there ${n}× in ${JSON.stringify(final)}`);
  }
  for (const ch of count.keys()) if (!typed.has(ch)) problems.push(`${ch} was never typed`);
  // no character moved: what anyone saw or typed keeps its order in the converged text
  const index = new Map([...final].map((ch, i) => [ch, i]));
  for (const view of views) {
    const kept = [...view].filter((ch) => index.has(ch));
    if (kept.some((ch, i) => i > 0 && index.get(ch)! < index.get(kept[i - 1]!)!)) {
      problems.push(`the order of ${JSON.stringify(kept.join(''))} (seen or typed) became ${JSON.stringify(final)}`);
      break;
    }
  }
  return problems;
}

async function failures(factory: BindingFactory, strict: boolean, seeds: number[], clients: number, actions: number) {
  const out: string[] = [];
  for (const seed of seeds) {
    // yield between runs: a long synchronous loop starves vitest's worker RPC on a busy machine
    await new Promise((resolve) => setImmediate(resolve));
    const problems = run(seed, factory, strict, clients, actions);
    if (problems.length > 0) {
      out.push(`seed ${seed} (${clients} clients): ${problems.slice(0, 3).map((p) => p.slice(0, 300)).join('; ')}`);
    }
  }
  return out;
}

// the same seeds every run, so a result is reproducible; YTEXT_SEED=<n> replays one seed and
// YTEXT_EXPLORE=1 tries fresh ones (the failing seeds are printed)
const BASE = Number(process.env.YTEXT_SEED ?? (process.env.YTEXT_EXPLORE ? Math.floor(Math.random() * 1e9) : 20_261_126));
const seeds = (n: number) => (process.env.YTEXT_SEED ? [BASE] : Array.from({ length: n }, (_, i) => BASE + i));

describe('YTextBinding under concurrent typing, deleting and IME composition', () => {
  it('loses, duplicates and resurrects nothing; converges; shows what it holds; keeps carets (2 clients)', async () => {
    const failed = await failures(newBinding, true, seeds(250), 2, 80);
    expect(failed.length, `${failed.length} failing runs (replay with YTEXT_SEED=<seed>):\n${failed.slice(0, 3).join('\n')}\n`).toBe(0);
  }, 60_000);

  it('the same with 3 clients', async () => {
    const failed = await failures(newBinding, true, seeds(150), 3, 120);
    expect(failed.length, `${failed.length} failing runs (replay with YTEXT_SEED=<seed>):\n${failed.slice(0, 3).join('\n')}\n`).toBe(0);
  }, 60_000);

  it('catches the binding YTextField had before (diffing the DOM against the current Y.Text)', async () => {
    const failed = await failures(legacyBinding, false, seeds(50), 2, 80);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.join('\n')).toMatch(/is there 0×/);
  });
});

describe('YTextBinding', () => {
  function setup(initial: string) {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, initial);
    const field = new FakeField(true);
    const binding = new YTextBinding(text, field);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const sync = () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    return { text, field, binding, remote: remote.getText('t'), sync };
  }

  it('applies a keystroke typed over a stale value at the mapped position', () => {
    const { text, field, binding, remote, sync } = setup('乙在开头输入');
    field.setSelection(2, 2);
    remote.insert(0, '【');
    remote.insert(remote.length, '】');
    // the remote change is integrated while the user's keystroke is already in the field
    field.replaceSelection('X');
    sync();
    expect(text.toString()).toBe('【乙在X开头输入】');
    expect(field.value).toBe('【乙在X开头输入】');
    expect(field.selectionStart).toBe(4);
    binding.input(); // the input event that follows changes nothing more
    expect(text.toString()).toBe('【乙在X开头输入】');
  });

  it('keeps the caret after the character it followed when remote text arrives', () => {
    const { field, remote, sync } = setup('年度目标');
    field.setSelection(2, 3);
    remote.insert(0, '全面');
    remote.delete(4, 1); // 目 of 全面年度目标
    sync();
    expect(field.value).toBe('全面年度标');
    expect([field.selectionStart, field.selectionEnd]).toEqual([4, 4]);
  });

  it('waits for compositionend before writing the Y.Text or the field', () => {
    const { text, field, binding, remote, sync } = setup('提升能力');
    field.setSelection(2, 2);
    binding.compositionStart();
    field.composing = true;
    field.replaceSelection('fu');
    binding.input();
    remote.insert(0, '全面');
    sync();
    expect(field.value).toBe('提升fu能力');
    expect(text.toString()).toBe('全面提升能力');
    field.value = '提升服务能力';
    field.selectionStart = field.selectionEnd = 4;
    field.composing = false;
    binding.compositionEnd();
    expect(text.toString()).toBe('全面提升服务能力');
    expect(field.value).toBe('全面提升服务能力');
    expect(field.selectionStart).toBe(6);
    expect(field.violations).toEqual([]);
  });

  it('refuses edits when read-only and still shows remote changes', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'abc');
    const field = new FakeField(true);
    const binding = new YTextBinding(text, field, { readOnly: true });
    field.replaceSelection('x');
    binding.input();
    expect(field.value).toBe('abc');
    expect(text.toString()).toBe('abc');
    text.insert(0, 'z');
    expect(field.value).toBe('zabc');
  });
});
