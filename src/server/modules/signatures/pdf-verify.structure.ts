import { PDFArray, PDFDict, PDFName, PDFNumber, PDFParser, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import type { CertificationChange, CertificationReport, SignatureAppearance } from '../../../shared/signatures.js';

// What the PDF's object structure says about its signatures, beyond the bytes the CMS covers:
// where each signature's widget is (page and rectangle), and — for a certification signature
// (DocMDP, PDF 32000-1 12.8.2.2) — whether the revisions after it only made changes its
// permission allows. The file is parsed with @cantoo/pdf-lib's parser, which reads every object
// in file order, so parsing the bytes up to a signature's end gives the document as it was signed.
//
// The DocMDP check is practical, not Acrobat's full algorithm: each object that existed in the
// certified revision and was redefined later is classified. With P=2 (form filling and signing)
// a later revision may add or fill form fields, add widget annotations and signatures (new
// objects, the page's /Annots, the AcroForm, the catalog's /AcroForm); it may not change a page's
// content streams, resources or any other key, add or remove pages, or change any other object.
// P=3 also allows other annotations; P=1 allows no change at all.

export type { CertificationChange, CertificationReport, SignatureAppearance } from '../../../shared/signatures.js';

export interface PdfStructure {
  /** Keyed by the signature's /ByteRange joined with spaces. */
  appearances: Map<string, SignatureAppearance>;
  /** DocMDP permission of each certification signature, by the same key. */
  certifications: Map<string, { permission: 1 | 2 | 3; inPerms: boolean }>;
  pageCount: number;
}

const name = (value: string) => PDFName.of(value);
const rangeKey = (range: number[]) => range.join(' ');

/** The objects of a PDF's bytes, as the last revision in them defines them; null when it cannot be read. */
export async function parseObjects(bytes: Uint8Array): Promise<PDFContext | null> {
  try {
    // Infinity objects per tick: no yielding, the caller bounds the file's size.
    return await PDFParser.forBytesWithOptions(bytes, Infinity, false, false, true).parseDocument();
  } catch {
    return null;
  }
}

function catalogOf(context: PDFContext): PDFDict | null {
  const root = context.trailerInfo.Root;
  const catalog = root instanceof PDFRef ? context.lookup(root) : root;
  return catalog instanceof PDFDict ? catalog : null;
}

/** The page leaves in order, walking /Kids (bounded against loops). */
function pagesOf(context: PDFContext): { ref: PDFRef | null; dict: PDFDict }[] {
  const catalog = catalogOf(context);
  const out: { ref: PDFRef | null; dict: PDFDict }[] = [];
  const seen = new Set<string>();
  const walk = (node: PDFObject | undefined, depth: number) => {
    if (depth > 64 || out.length > 100_000) return;
    const ref = node instanceof PDFRef ? node : null;
    if (ref) {
      if (seen.has(ref.toString())) return;
      seen.add(ref.toString());
    }
    const dict = ref ? context.lookup(ref) : node;
    if (!(dict instanceof PDFDict)) return;
    const kids = dict.lookup(name('Kids'));
    if (kids instanceof PDFArray) {
      for (let i = 0; i < kids.size(); i++) walk(kids.get(i), depth + 1);
    } else if (dict.get(name('Type'))?.toString() === '/Page' || !dict.has(name('Kids'))) {
      out.push({ ref, dict });
    }
  };
  walk(catalog?.get(name('Pages')), 0);
  return out;
}

const numbers = (array: PDFObject | undefined): number[] | null => {
  if (!(array instanceof PDFArray)) return null;
  const values = array.asArray().map((item) => (item instanceof PDFNumber ? item.asNumber() : NaN));
  return values.every(Number.isFinite) ? values : null;
};

/** The signature dictionary a widget (or its parent field) names in /V, and its /ByteRange. */
function signatureOfWidget(context: PDFContext, widget: PDFDict): { key: string; dict: PDFDict; ref: PDFRef | null } | null {
  let field: PDFDict | undefined = widget;
  for (let depth = 0; field && depth < 8; depth++) {
    const v = field.get(name('V'));
    const ft = field.get(name('FT'))?.toString();
    if (v && (ft === '/Sig' || ft === undefined)) {
      const dict = v instanceof PDFRef ? context.lookup(v) : v;
      if (dict instanceof PDFDict) {
        const range = numbers(dict.get(name('ByteRange')));
        if (range?.length === 4) return { key: rangeKey(range), dict, ref: v instanceof PDFRef ? v : null };
      }
    }
    if (ft && ft !== '/Sig') return null;
    const parent: PDFObject | undefined = field.lookup(name('Parent'));
    field = parent instanceof PDFDict ? parent : undefined;
  }
  return null;
}

/** /Reference [ << /TransformMethod /DocMDP /TransformParams << /P n >> >> ]: the permission, default 2. */
function docMdpOf(context: PDFContext, signature: PDFDict): 1 | 2 | 3 | null {
  const references = signature.lookup(name('Reference'));
  if (!(references instanceof PDFArray)) return null;
  for (const item of references.asArray()) {
    const reference = item instanceof PDFRef ? context.lookup(item) : item;
    if (!(reference instanceof PDFDict) || reference.get(name('TransformMethod'))?.toString() !== '/DocMDP') continue;
    const params = reference.lookup(name('TransformParams'));
    const p = params instanceof PDFDict ? params.get(name('P')) : undefined;
    const value = p instanceof PDFNumber ? p.asNumber() : 2;
    return value === 1 || value === 3 ? value : 2;
  }
  return null;
}

/** Every signature widget's page and rectangle, and every certification signature, of the whole file. */
export function readStructure(context: PDFContext): PdfStructure {
  const appearances = new Map<string, SignatureAppearance>();
  const certifications = new Map<string, { permission: 1 | 2 | 3; inPerms: boolean }>();
  const pages = pagesOf(context);
  const catalog = catalogOf(context);
  const perms = catalog?.lookup(name('Perms'));
  const permsDocMdp = perms instanceof PDFDict ? perms.get(name('DocMDP')) : undefined;
  const visit = (signature: ReturnType<typeof signatureOfWidget>, widget: PDFDict, page: number | null) => {
    if (!signature || appearances.has(signature.key)) return;
    const rect = numbers(widget.get(name('Rect')));
    const normalized = rect?.length === 4
      ? [Math.min(rect[0]!, rect[2]!), Math.min(rect[1]!, rect[3]!), Math.max(rect[0]!, rect[2]!), Math.max(rect[1]!, rect[3]!)] as [number, number, number, number]
      : null;
    const visible = Boolean(normalized && normalized[2] - normalized[0] > 0 && normalized[3] - normalized[1] > 0);
    appearances.set(signature.key, { page, rect: normalized, visible });
    const permission = docMdpOf(context, signature.dict);
    if (permission) {
      const inPerms = Boolean(permsDocMdp && signature.ref && permsDocMdp instanceof PDFRef && permsDocMdp.toString() === signature.ref.toString());
      certifications.set(signature.key, { permission, inPerms });
    }
  };
  pages.forEach((page, index) => {
    const annots = page.dict.lookup(name('Annots'));
    if (!(annots instanceof PDFArray)) return;
    for (const item of annots.asArray()) {
      const widget = item instanceof PDFRef ? context.lookup(item) : item;
      if (widget instanceof PDFDict && widget.get(name('Subtype'))?.toString() === '/Widget') visit(signatureOfWidget(context, widget), widget, index + 1);
    }
  });
  // A signature field whose widget is on no page's /Annots (an invisible signature made that way).
  const form = catalog?.lookup(name('AcroForm'));
  const fields = form instanceof PDFDict ? form.lookup(name('Fields')) : undefined;
  if (fields instanceof PDFArray) {
    for (const item of fields.asArray().slice(0, 10_000)) {
      const field = item instanceof PDFRef ? context.lookup(item) : item;
      if (field instanceof PDFDict) visit(signatureOfWidget(context, field), field, null);
    }
  }
  return { appearances, certifications, pageCount: pages.length };
}

const withoutKeys = (dict: PDFDict, keys: string[]) => {
  const entries = dict.entries().filter(([key]) => !keys.includes(key.decodeText())).map(([key, value]) => `${key.toString()} ${value.toString()}`);
  return entries.sort().join('\n');
};

function sameObject(a: PDFObject, b: PDFObject | undefined): boolean {
  if (!b) return false;
  if (a instanceof PDFStream || b instanceof PDFStream) {
    if (!(a instanceof PDFRawStream) || !(b instanceof PDFRawStream)) return a.toString() === b.toString();
    return withoutKeys(a.dict, []) === withoutKeys(b.dict, []) && Buffer.compare(Buffer.from(a.contents), Buffer.from(b.contents)) === 0;
  }
  return a.toString() === b.toString();
}

/** A page's content streams as a list of references (a single stream, or an array, direct or not). */
function contentRefs(context: PDFContext, page: PDFDict): string {
  const contents = page.get(name('Contents'));
  if (!contents) return '';
  if (contents instanceof PDFArray) return refsIn(contents).join(',');
  const resolved = contents instanceof PDFRef ? context.lookup(contents) : contents;
  return resolved instanceof PDFArray ? refsIn(resolved).join(',') : contents.toString();
}

const refsIn = (array: PDFObject | undefined): string[] => (array instanceof PDFArray ? array.asArray().map((item) => item.toString()) : []);

/**
 * The changes the revisions after a certification made, and whether its permission allows them.
 * `before`: the objects of the file up to the end of the certification's signed range; `after`:
 * of the whole file.
 */
export function checkDocMdp(before: PDFContext, after: PDFContext, permission: 1 | 2 | 3, revisionsAfter: number): Omit<CertificationReport, 'inCatalog'> {
  const changes: CertificationChange[] = [];
  const pagesBefore = pagesOf(before);
  const pagesAfter = pagesOf(after);
  if (pagesAfter.length > pagesBefore.length) changes.push({ code: 'page_added', page: pagesBefore.length + 1, allowed: false });
  if (pagesAfter.length < pagesBefore.length) changes.push({ code: 'page_removed', page: pagesAfter.length + 1, allowed: false });

  const pageOfRef = new Map<string, number>();
  const contentPage = new Map<string, number>();
  const annotsPage = new Map<string, number>();
  pagesBefore.forEach((page, index) => {
    if (page.ref) pageOfRef.set(page.ref.toString(), index + 1);
    const contents = page.dict.get(name('Contents'));
    for (const ref of contents instanceof PDFRef ? [contents.toString(), ...refsIn(before.lookup(contents))] : refsIn(contents)) contentPage.set(ref, index + 1);
    const annots = page.dict.get(name('Annots'));
    if (annots instanceof PDFRef) annotsPage.set(annots.toString(), index + 1);
  });
  const catalogRef = before.trailerInfo.Root?.toString();
  const formBefore = catalogOf(before)?.get(name('AcroForm'));
  const formAfter = catalogOf(after)?.get(name('AcroForm'));
  const formRefs = new Set([formBefore, formAfter].filter((f): f is PDFRef => f instanceof PDFRef).map((f) => f.toString()));

  for (const [ref, old] of before.enumerateIndirectObjects()) {
    const key = ref.toString();
    const now = after.lookup(ref);
    if (sameObject(old, now)) continue;
    if (!now) { changes.push({ code: 'object_changed', page: null, allowed: false }); continue; }
    if (key === catalogRef && old instanceof PDFDict && now instanceof PDFDict) {
      const onlyForm = withoutKeys(old, ['AcroForm']) === withoutKeys(now, ['AcroForm']);
      changes.push(onlyForm ? { code: 'form_changed', page: null, allowed: permission >= 2 } : { code: 'catalog_changed', page: null, allowed: false });
      continue;
    }
    const page = pageOfRef.get(key);
    if (page !== undefined && old instanceof PDFDict && now instanceof PDFDict) {
      // `/Contents 7 0 R` and `/Contents [7 0 R]` are the same content.
      const contentChanged = contentRefs(before, old) !== contentRefs(after, now);
      if (!contentChanged && withoutKeys(old, ['Annots', 'Contents']) === withoutKeys(now, ['Annots', 'Contents'])) {
        changes.push({ code: 'annotations_changed', page, allowed: permission >= 2 });
      } else {
        changes.push({ code: contentChanged ? 'page_content_changed' : 'page_changed', page, allowed: false });
      }
      continue;
    }
    if (contentPage.has(key)) { changes.push({ code: 'page_content_changed', page: contentPage.get(key)!, allowed: false }); continue; }
    if (annotsPage.has(key)) { changes.push({ code: 'annotations_changed', page: annotsPage.get(key)!, allowed: permission >= 2 }); continue; }
    if (formRefs.has(key)) { changes.push({ code: 'form_changed', page: null, allowed: permission >= 2 }); continue; }
    if (old instanceof PDFDict && now instanceof PDFDict && (old.has(name('FT')) || old.get(name('Subtype'))?.toString() === '/Widget')) {
      // Filling a field (its value and appearance) is allowed; a signature field may only get its first value.
      const signatureField = old.get(name('FT'))?.toString() === '/Sig';
      const allowed = permission >= 2 && (!signatureField || !old.has(name('V'))) && old.get(name('Rect'))?.toString() === now.get(name('Rect'))?.toString();
      changes.push({ code: 'field_filled', page: null, allowed });
      continue;
    }
    changes.push({ code: 'object_changed', page: null, allowed: false });
  }

  // Annotations added to the pages that were there: widgets (fields, signatures) at P=2, any at P=3.
  pagesAfter.slice(0, pagesBefore.length).forEach((page, index) => {
    const old = new Set(refsIn(pagesBefore[index]!.dict.lookup(name('Annots'))));
    const annots = page.dict.lookup(name('Annots'));
    if (!(annots instanceof PDFArray)) return;
    for (const item of annots.asArray()) {
      if (old.has(item.toString())) continue;
      const annot = item instanceof PDFRef ? after.lookup(item) : item;
      const widget = annot instanceof PDFDict && annot.get(name('Subtype'))?.toString() === '/Widget';
      changes.push({ code: widget ? 'field_added' : 'annotation_added', page: index + 1, allowed: widget ? permission >= 2 : permission >= 3 });
    }
  });

  if (permission === 1 && revisionsAfter > 0) changes.push({ code: 'revision_added', page: null, allowed: false });
  const merged = mergeChanges(changes);
  return { permission, respected: merged.every((c) => c.allowed), changes: merged };
}

/** One entry per kind of change and page, not allowed if any of them is not. */
function mergeChanges(changes: CertificationChange[]): CertificationChange[] {
  const byKey = new Map<string, CertificationChange>();
  for (const change of changes) {
    const key = `${change.code}@${change.page ?? ''}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, allowed: seen.allowed && change.allowed } : change);
  }
  return [...byKey.values()].sort((a, b) => Number(a.allowed) - Number(b.allowed));
}
