import { App } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

// Typed work is not lost without a word: leaving the page in the app, reloading or closing the tab,
// or closing a dialog or panel asks first ("Bỏ nội dung đã nhập?").

/** The open forms' "is something typed?" checks, for leaving the app as a whole (sign-out). */
const guards = new Set<() => boolean>();
/** True while the app leaves after the official already agreed to discard: no second question. */
let leaving = false;

/** Whether any of the values holds typed text (a non-blank string) or chosen files (a non-empty list). */
export function hasTypedText(values: Record<string, unknown>, names: string[]): boolean {
  return names.some((name) => {
    const value = values[name];
    if (typeof value === 'string') return value.trim() !== '';
    if (Array.isArray(value)) return value.length > 0;
    return false;
  });
}

/** Asks whether to throw away what was typed; resolves true to discard. */
export function useConfirmDiscard() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return useCallback(() => new Promise<boolean>((resolve) => {
    // Opened after the current event: asked on Escape, a confirm opened during that same keydown
    // registers its own Escape listener in time to receive it, and closes at once.
    window.setTimeout(() => modal.confirm({
      title: t('unsaved.title'),
      content: t('unsaved.content'),
      okText: t('unsaved.discard'),
      okButtonProps: { danger: true, 'data-testid': 'discard-ok' },
      cancelText: t('unsaved.keep'),
      cancelButtonProps: { 'data-testid': 'discard-cancel' },
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    }), 0);
  }), [modal, t]);
}

/**
 * While `dirty()` says so, asks before the app navigates to another page and lets the browser ask
 * before a reload or closing the tab. `onDiscard` runs when the official agrees to leave (a kept
 * draft is thrown away too: "discard" means it). `dirty` is read when needed (not captured at render), so a
 * form can mark itself clean and navigate away in the same handler.
 */
export function useUnsavedGuard(dirty: () => boolean, onDiscard?: () => void) {
  const confirmDiscard = useConfirmDiscard();
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const onDiscardRef = useRef(onDiscard);
  onDiscardRef.current = onDiscard;
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    !leaving && currentLocation.pathname !== nextLocation.pathname && dirtyRef.current());
  const asking = useRef(false);

  useEffect(() => {
    if (blocker.state !== 'blocked' || asking.current) return;
    asking.current = true;
    void confirmDiscard().then((discard) => {
      asking.current = false;
      if (discard) {
        onDiscardRef.current?.();
        blocker.proceed();
      } else blocker.reset();
    });
  }, [blocker, confirmDiscard]);

  useEffect(() => {
    const check = () => dirtyRef.current();
    guards.add(check);
    return () => {
      guards.delete(check);
    };
  }, []);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving || !dirtyRef.current()) return;
      // The browser shows its own question; the text cannot be chosen any more.
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}

/**
 * For leaving the app (sign-out): asks once if any open form holds typed work; resolves true to go
 * on. `go` then runs without the pages' own guards asking again (the router checks synchronously).
 */
export function useLeaveApp() {
  const confirmDiscard = useConfirmDiscard();
  return async (go: () => Promise<void> | void): Promise<void> => {
    if ([...guards].some((dirty) => dirty()) && !(await confirmDiscard())) return;
    leaving = true;
    try {
      await go();
    } finally {
      leaving = false;
    }
  };
}

// ---------------------------------------------------------------- drafts kept in the browser

const DRAFT_PREFIX = 'vanphong.draft.';

/** The storage key of a draft: per official, document and action, so nobody sees another's draft. */
export function draftKey(userId: string, documentId: string, action: string): string {
  return `${DRAFT_PREFIX}${userId}.${documentId}.${action}`;
}

export function readDraft(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined; // storage disabled (private mode, policy): no drafts, nothing breaks
  }
}

export function writeDraft(key: string, text: string): void {
  try {
    if (text.trim()) localStorage.setItem(key, text);
    else localStorage.removeItem(key);
  } catch {
    // storage full or disabled: the draft is a convenience, the form still works
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // as above
  }
}

/** On sign-out: drafts may hold unsent directions, which must not stay on a shared PC. */
export function clearAllDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key);
  } catch {
    // as above
  }
}
