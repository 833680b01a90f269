import { ColumnWidthOutlined, LeftOutlined, MinusOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Space, Spin, Tooltip, Typography } from 'antd';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PDFViewer as PdfJsViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type PdfJs = typeof import('pdfjs-dist');
type ViewerModule = typeof import('pdfjs-dist/web/pdf_viewer.mjs');
let pdfjsPromise: Promise<[PdfJs, ViewerModule]> | null = null;

/**
 * pdf.js and its viewer are large: they load only when a PDF is first shown, with the worker and
 * the viewer's styles from the same origin. The viewer is pdf.js's own (as in Firefox): pages
 * rendered as they scroll into view, a text layer so text can be selected and copied, zoom that
 * keeps the page's proportions.
 */
function loadPdfJs(): Promise<[PdfJs, ViewerModule]> {
  pdfjsPromise ??= (async () => {
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    // The viewer module reads the library from this global when it loads.
    (globalThis as { pdfjsLib?: PdfJs }).pdfjsLib = pdfjs;
    const [viewer] = await Promise.all([import('pdfjs-dist/web/pdf_viewer.mjs'), import('pdfjs-dist/web/pdf_viewer.css')]);
    return [pdfjs, viewer];
  })();
  return pdfjsPromise;
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
        const task = pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false });
        destroy = () => {
          viewer.setDocument(null as unknown as PDFDocumentProxy); // pdf.js accepts null to detach (its typings do not say so)
          void task.destroy();
        };
        const doc = await task.promise;
        if (cancelled) return;
        viewer.setDocument(doc);
        linkService.setDocument(doc, null);
        setPdf(doc);
        onLoadedRef.current?.();
      } catch {
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
