// Vietnamese text as the search index sees it (migration 0017): what a query becomes before it
// reaches SQL, and how the words found are marked in a snippet. The folding here mirrors the SQL
// functions vn_fold() and vn_search_vector(): change both together.

const OLD_TONES: [string, string][] = [
  ['òa', 'oà'], ['óa', 'oá'], ['ỏa', 'oả'], ['õa', 'oã'], ['ọa', 'oạ'],
  ['òe', 'oè'], ['óe', 'oé'], ['ỏe', 'oẻ'], ['õe', 'oẽ'], ['ọe', 'oẹ'],
  ['ùy', 'uỳ'], ['úy', 'uý'], ['ủy', 'uỷ'], ['ũy', 'uỹ'], ['ụy', 'uỵ'],
];
const OLD_TONE_PATTERN = new RegExp(OLD_TONES.map(([old]) => old).join('|'), 'g');
const NEW_TONE = new Map(OLD_TONES);

/** Text as received may hold NUL, lone surrogates or control characters: none of them is searchable. */
export function cleanInput(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ').replace(/[\u0000-\u001f\u007f\ufffd]/g, ' ');
}

/** NFC, lower case, new tone placement: vn_fold(). */
export function foldText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(OLD_TONE_PATTERN, (m) => NEW_TONE.get(m) ?? m);
}

/** Without diacritics, đ as d: unaccent() on folded text. */
export function unaccentText(folded: string): string {
  return folded.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Words as the simple parser cuts them, close enough for queries: letters and digits. */
const WORD = /[\p{L}\p{N}]+/gu;

export interface QueryWord { exact: string; plain: string }
export interface ParsedQuery {
  /** Words outside quotes, all required. */
  words: QueryWord[];
  /** Quoted phrases of two words or more, each required in order. */
  phrases: QueryWord[][];
  /** Some word carries a diacritic: exact matches rank first. */
  accented: boolean;
  /** The whole query looks like a reference number ("123/QĐ-UBND"), normalized as the index stores it. */
  reference: string | null;
}

/** Longest word kept (a GIN key is at most about 2 KB; nobody types 100 letters in a word). */
const MAX_WORD = 100;
/** Words beyond this are dropped: a query of 30 words is a paste, and each word costs an index lookup. */
const MAX_WORDS = 30;

const REFERENCE = /^\s*\d+\s*\/\s*[\p{L}\p{N}]+(?:[-./][\p{L}\p{N}]+)*\s*$/u;

export function referenceKey(text: string): string {
  return unaccentText(text.normalize('NFC')).toUpperCase().replace(/\s+/g, '');
}

function wordsOf(text: string): QueryWord[] {
  return [...foldText(text).matchAll(WORD)]
    .map((m) => m[0].slice(0, MAX_WORD))
    .map((exact) => ({ exact, plain: unaccentText(exact) }));
}

export function parseQuery(raw: string): ParsedQuery {
  const text = cleanInput(raw);
  const reference = REFERENCE.test(text) ? referenceKey(text) : null;
  const phrases: QueryWord[][] = [];
  const words: QueryWord[] = [];
  // Quoted parts are phrases; an unmatched quote quotes nothing.
  const outside = text.replace(/"([^"]*)"/g, (_, inner: string) => {
    const phrase = wordsOf(inner);
    if (phrase.length > 1) phrases.push(phrase);
    else words.push(...phrase);
    return ' ';
  });
  words.push(...wordsOf(outside));
  let budget = MAX_WORDS;
  const keptWords = dedupe(words).slice(0, budget);
  budget -= keptWords.length;
  const keptPhrases: QueryWord[][] = [];
  for (const phrase of phrases) {
    if (budget < 2) break;
    keptPhrases.push(phrase.slice(0, budget));
    budget -= Math.min(phrase.length, budget);
  }
  const all = [...keptWords, ...keptPhrases.flat()];
  return { words: keptWords, phrases: keptPhrases, accented: all.some((w) => w.exact !== w.plain), reference };
}

function dedupe(words: QueryWord[]): QueryWord[] {
  const seen = new Set<string>();
  return words.filter((w) => (seen.has(w.exact) ? false : (seen.add(w.exact), true)));
}

export const isEmptyQuery = (q: ParsedQuery) => !q.words.length && !q.phrases.length && !q.reference;

/**
 * A tsquery literal (cast with ::tsquery, never parsed by to_tsquery): every lexeme is only
 * letters and digits, quoted, so no operator a user types reaches the parser.
 */
const lexeme = (w: string) => `'${w}'`;

/** Pairs are cut on [a-z0-9] in SQL: a word with anything else gets no pair, only the position check. */
const pairable = (w: string) => /^[a-z0-9]+$/.test(w);

/** A phrase: its syllable pairs (rare tokens, found by the index) and the positions check (<->). */
function phraseQuery(phrase: QueryWord[]): string {
  const plain = phrase.map((w) => w.plain);
  const pairs = plain.slice(1).map((w, i) => [plain[i]!, w]).filter(([a, b]) => pairable(a!) && pairable(b!))
    .map(([a, b]) => lexeme(`${a}_${b}`));
  // Two words in one pair: the pair is the phrase (vn_search_vector pairs neighbours only), so no
  // positions are checked and no row is read again.
  if (plain.length === 2 && pairs.length === 1) return pairs[0]!;
  return [...pairs, `(${plain.map(lexeme).join(' <-> ')})`].join(' & ');
}


/**
 * What the index alone finds of a query with phrases, nothing read again: its words, each phrase's
 * syllable pairs, and a phrase's words that have no pair. No positions: checking them reads each
 * candidate's whole index row (about 10 KB), so they are checked on the candidates a page reads
 * (search.repository `matching`).
 */
export function candidateQuery(q: ParsedQuery): string {
  const parts = q.words.map((w) => lexeme(w.plain));
  for (const phrase of q.phrases) {
    const plain = phrase.map((w) => w.plain);
    plain.forEach((w, i) => {
      const withPrevious = i > 0 && pairable(plain[i - 1]!) && pairable(w);
      const withNext = i < plain.length - 1 && pairable(w) && pairable(plain[i + 1]!);
      if (withPrevious) parts.push(lexeme(`${plain[i - 1]}_${w}`));
      if (!withPrevious && !withNext) parts.push(lexeme(w));
    });
  }
  return parts.join(' & ');
}

/** What every match must contain, diacritics ignored. */
export function matchQuery(q: ParsedQuery): string {
  return [...q.words.map((w) => lexeme(w.plain)), ...q.phrases.map(phraseQuery)].join(' & ');
}

/** The same words with their diacritics: the documents ranked first. */
export function exactQuery(q: ParsedQuery): string {
  return [...q.words, ...q.phrases.flat()].map((w) => lexeme(w.exact)).join(' & ');
}

/**
 * While typing: the last word is a prefix. A last word of one letter is left out until the next
 * letter comes: its prefix would merge the index entries of a twentieth of the language.
 */
export function prefixQuery(raw: string): string | null {
  const words = wordsOf(cleanInput(raw)).slice(0, MAX_WORDS);
  const last = words.pop();
  const parts = words.map((w) => lexeme(w.plain));
  if (last && last.plain.length >= 2) parts.push(`${lexeme(last.plain)}:*`);
  return parts.length ? parts.join(' & ') : null;
}

/** A piece of text and where the searched words are in it ([start, end) in UTF-16 units of `text`). */
export interface Highlighted { text: string; highlights: [number, number][] }

/**
 * Marks the searched words in `text` (diacritics ignored, as they matched), on a window of about
 * `width` characters around the first hit; the whole text when it is short. `prefix`: the last
 * word also marks words it begins (suggestions).
 */
export function highlight(text: string, terms: string[], width = 240, prefix: string | null = null): Highlighted | null {
  const source = text.normalize('NFC');
  const wanted = new Set(terms);
  const hits: [number, number][] = [];
  const keys: string[] = [];
  // A page repeats its words: each is folded once (folding every word of 20 pages took 290 ms on a loaded machine).
  const folded = new Map<string, string>();
  for (const m of source.matchAll(WORD)) {
    let key = folded.get(m[0]);
    if (key === undefined) folded.set(m[0], (key = unaccentText(foldText(m[0]))));
    if (wanted.has(key) || (prefix && key.startsWith(prefix))) {
      hits.push([m.index, m.index + m[0].length]);
      keys.push(key);
    }
  }
  if (source.length <= width) return { text: source, highlights: hits };
  if (!hits.length) return null;
  // The window goes where most of the searched words are close together ("công văn" itself), not to
  // the first lone hit (the "CỘNG" of the national motto at the top of every document).
  let best = 0;
  let bestCount = 0;
  hits.forEach(([from], i) => {
    const near = new Set(keys.filter((_, j) => hits[j]![0] >= from && hits[j]![0] < from + (width * 2) / 3));
    if (near.size > bestCount) [best, bestCount] = [i, near.size];
  });
  let start = Math.max(0, hits[best]![0] - Math.floor(width / 3));
  // Start and end on a space, not inside a word.
  if (start > 0) start = source.indexOf(' ', start) + 1 || start;
  let end = Math.min(source.length, start + width);
  if (end < source.length) end = source.lastIndexOf(' ', end) > start ? source.lastIndexOf(' ', end) : end;
  const prefixDots = start > 0 ? '… ' : '';
  const window = prefixDots + source.slice(start, end).replace(/\s+/g, ' ') + (end < source.length ? ' …' : '');
  // Offsets move with the collapsed spaces: mark again on the window itself.
  return highlight(window, terms, window.length, prefix);
}

/** The words to mark for a query: every word and phrase word, unaccented. */
export const markedTerms = (q: ParsedQuery) => [...q.words, ...q.phrases.flat()].map((w) => w.plain);
