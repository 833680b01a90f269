import { ColumnWidthOutlined, LeftOutlined, MinusOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Space, Spin, Tooltip, Typography } from 'antd';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PDFViewer as PdfJsViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type PdfJs = typeof import('pdfjs-dist');
type ViewerModule = typeof import('pdfjs-dist/web/pdf_viewer.mjs');

/*
 * pdf.js and its viewer are large: they are not in the first download, and load with the worker
 * and the viewer's styles from the same origin. The viewer is pdf.js's own (as in Firefox): pages
 * rendered as they scroll into view, a text layer so text can be selected and copied, zoom that
 * keeps the page's proportions.
 *
 * On a slow line the pieces download side by side rather than one after another, the document page
 * starts them while its own data is on the way (preloadPdfViewer), and the inbox fetches them in
 * idle time (prefetchPdfViewer).
 */
let modulesPromise: Promise<[PdfJs, ViewerModule, string]> | null = null;

/** Remembers a promise while it may still succeed: after a failure the next call tries again. */
function retryable<T>(load: () => Promise<T>, slot: { current: Promise<T> | null }): Promise<T> {
  if (!slot.current) {
    const promise = load();
    slot.current = promise;
    promise.catch(() => { if (slot.current === promise) slot.current = null; });
  }
  return slot.current;
}
const modules: { current: Promise<[PdfJs, ViewerModule, string]> | null } = { current: null };
const library: { current: Promise<[PdfJs, ViewerModule]> | null } = { current: null };
let pdfjsWorker: Worker | null = null;
/**
 * The last document closed on the shared worker. pdf.js refuses to open a document on a worker
 * port while a task on it is still being destroyed ("PDFWorker.create - the worker is being
 * destroyed"): seen when the outgoing page swapped the draft's viewer for the signed PDF's.
 */
let closing: Promise<void> = Promise.resolve();

/** The library, its viewer and styles, and the address of the worker's file: loaded, nothing started. */
function loadModules(): Promise<[PdfJs, ViewerModule, string]> {
  return retryable(async (): Promise<[PdfJs, ViewerModule, string]> => {
    const styles = import('pdfjs-dist/web/pdf_viewer.css');
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
    // The viewer module reads the library from this global when it loads.
    (globalThis as { pdfjsLib?: PdfJs }).pdfjsLib = pdfjs;
    const [viewer] = await Promise.all([import('pdfjs-dist/web/pdf_viewer.mjs'), styles]);
    return [pdfjs, viewer, worker.default];
  }, modules);
}

function loadPdfJs(): Promise<[PdfJs, ViewerModule]> {
  return retryable(async (): Promise<[PdfJs, ViewerModule]> => {
    // One worker for every document shown, created as soon as its address is known, so that its
    // file (the largest) downloads beside the library and the viewer.
    const port = import('pdfjs-dist/build/pdf.worker.min.mjs?url').then((worker) => {
      pdfjsWorker ??= new Worker(worker.default, { type: 'module' });
      return pdfjsWorker;
    });
    const [pdfjs, viewer] = await loadModules();
    pdfjs.GlobalWorkerOptions.workerPort = await port;
    return [pdfjs, viewer];
  }, library);
}

/** Starts downloading the PDF viewer before a document's files are known (the document page does). */
export function preloadPdfViewer(): void {
  loadPdfJs().catch(() => undefined); // the viewer shows the error when it needs the library
}

/**
 * Fetches the PDF viewer's files into the cache in idle time, starting nothing (no worker): the
 * inbox does it once its list is shown, so that opening a document on a slow line does not wait
 * for the 600 KB of pdf.js. Skipped when the browser asks to save data.
 */
export function prefetchPdfViewer(): void {
  void loadModules()
    .then(([, , workerUrl]) => fetch(workerUrl, { credentials: 'same-origin' }))
    .then((response) => response.arrayBuffer())
    .catch(() => undefined); // only a head start: the viewer loads what is missing itself
}

const MIN_SCALE = 0.25;
const MAX_SCALE = 4;

/** Shows a PDF inline, fitted to the width, with page navigation and zoom; `height` is the scroll area's. */
export function PdfViewer({ url, onLoaded, height = '70vh' }: { url: string; onLoaded?: () => void; height?: string | number }) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<PdfJsViewer | null>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState(false);
  const [page, setPage] = useState(1);
  const [scale, setScale] = useState(1);
  const [rendered, setRendered] = useState(0);
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let destroy: (() => void) | null = null;
    setPdf(null);
    setError(false);
    setPage(1);
    setRendered(0);
    void (async () => {
      try {
        const [pdfjs, viewerModule] = await loadPdfJs();
        if (cancelled) return;
        const eventBus = new viewerModule.EventBus();
        const linkService = new viewerModule.PDFLinkService({ eventBus });
        const viewer = new viewerModule.PDFViewer({ container, eventBus, linkService, textLayerMode: 1, annotationMode: pdfjs.AnnotationMode.ENABLE });
        linkService.setViewer(viewer);
        viewerRef.current = viewer;
        eventBus.on('pagesinit', () => { viewer.currentScaleValue = 'page-width'; });
        eventBus.on('pagechanging', (e: { pageNumber: number }) => setPage(e.pageNumber));
        eventBus.on('scalechanging', (e: { scale: number }) => setScale(e.scale));
        eventBus.on('pagerendered', () => setRendered((n) => n + 1));
        await closing;
        if (cancelled) return;
        const task = pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false });
        destroy = () => {
          viewer.setDocument(null as unknown as PDFDocumentProxy); // pdf.js accepts null to detach (its typings do not say so)
          closing = task.destroy().catch(() => undefined);
        };
        const doc = await task.promise;
        if (cancelled) return;
        viewer.setDocument(doc);
        linkService.setDocument(doc, null);
        setPdf(doc);
        onLoadedRef.current?.();
      } catch (e) {
        // Said in the console too: "cannot show the PDF" alone tells whoever investigates nothing.
        console.warn('PDF not shown', url, e);
        if (!cancelled) setError(true);
      }
    })();
    return () => {
      cancelled = true;
      viewerRef.current = null;
      destroy?.();
    };
  }, [url]);

  // Keep "fit to width" when the pane is resized (the side panel opens, the window changes).
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let width = container.clientWidth;
    const observer = new ResizeObserver(() => {
      const viewer = viewerRef.current;
      if (!viewer || Math.abs(container.clientWidth - width) < 16) return;
      width = container.clientWidth;
      if (viewer.currentScaleValue === 'page-width') viewer.currentScaleValue = 'page-width';
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  const viewer = () => viewerRef.current;
  const zoomTo = (next: number) => {
    const v = viewer();
    if (v) v.currentScale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.round(next * 100) / 100));
  };
  const goTo = (n: number | null) => {
    const v = viewer();
    if (v && pdf && n && n >= 1 && n <= pdf.numPages) v.currentPageNumber = n;
  };

  return (
    <div data-testid="pdf-viewer" data-rendered-pages={rendered}>
      <Space style={{ marginBottom: 8 }} wrap size={4}>
        <Button size="small" icon={<LeftOutlined />} aria-label={t('document.previousPage')} disabled={!pdf || page <= 1} onClick={() => goTo(page - 1)} />
        <InputNumber
          // Empty until the PDF is open: a greyed-out "1" in a disabled field is text too faint to read. A new
          // field once it opens, so its text does not fade in from grey (a moment of too little contrast).
          key={pdf ? 'ready' : 'loading'}
          size="small"
          min={1}
          max={pdf?.numPages ?? 1}
          value={pdf ? page : null}
          onChange={(value) => goTo(value)}
          aria-label={t('document.pageNumber')}
          style={{ width: 64 }}
          disabled={!pdf}
        />
        <Typography.Text type="secondary">/ {pdf?.numPages ?? '…'}</Typography.Text>
        <Button size="small" icon={<RightOutlined />} aria-label={t('document.nextPage')} disabled={!pdf || page >= pdf.numPages} onClick={() => goTo(page + 1)} />
        <span style={{ width: 8 }} />
        <Button size="small" icon={<MinusOutlined />} aria-label={t('document.zoomOut')} disabled={!pdf} onClick={() => zoomTo(scale - 0.25)} />
        <Typography.Text data-testid="pdf-zoom" style={{ minWidth: 44, textAlign: 'center', display: 'inline-block' }}>{Math.round(scale * 100)}%</Typography.Text>
        <Button size="small" icon={<PlusOutlined />} aria-label={t('document.zoomIn')} disabled={!pdf} onClick={() => zoomTo(scale + 0.25)} />
        <Tooltip title={t('document.fitWidth')}>
          <Button size="small" icon={<ColumnWidthOutlined />} aria-label={t('document.fitWidth')} disabled={!pdf} onClick={() => { const v = viewer(); if (v) v.currentScaleValue = 'page-width'; }} />
        </Tooltip>
      </Space>
      <div className="vp-pdf-frame" style={{ height }}>
        {/* pdf.js requires an absolutely positioned scroll container; it is focusable so the keyboard scrolls it. */}
        <div ref={containerRef} className="vp-pdf-container" tabIndex={0} role="region" aria-label={t('document.pdfRegion')}>
          <div className="pdfViewer" />
        </div>
        {error && <Alert className="vp-pdf-overlay" type="error" showIcon title={t('document.pdfError')} />}
        {!pdf && !error && (
          <div className="vp-pdf-overlay" style={{ textAlign: 'center' }}>
            <Spin />
            <div style={{ marginTop: 8 }}>{t('document.pdfLoading')}</div>
          </div>
        )}
      </div>
    </div>
  );
}
