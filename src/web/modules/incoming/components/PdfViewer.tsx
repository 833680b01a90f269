import { MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type PdfJs = typeof import('pdfjs-dist');
let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js is large: it loads only when a PDF is first shown, with its worker from the same origin. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return pdfjsPromise;
}

const PAGES_AT_ONCE = 10;

function PdfPage({ pdf, pageNumber, width, zoom }: { pdf: PDFDocumentProxy; pageNumber: number; width: number; zoom: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [rendered, setRendered] = useState(false);
  const { t } = useTranslation();

  useEffect(() => {
    let task: RenderTask | null = null;
    let cancelled = false;
    setRendered(false);
    void (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled || !canvasRef.current) return;
      const base = page.getViewport({ scale: 1 });
      const cssScale = (Math.max(width, 200) / base.width) * zoom;
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: cssScale * ratio });
      const canvas = canvasRef.current;
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
      task = page.render({ canvas, viewport });
      try {
        await task.promise;
        if (!cancelled) setRendered(true);
      } catch {
        // cancelled by a newer render
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNumber, width, zoom]);

  return (
    <canvas
      ref={canvasRef}
      className="vp-pdf-page"
      data-testid="pdf-page"
      data-rendered={rendered ? 'true' : 'false'}
      aria-label={t('document.pdfPage', { page: pageNumber, total: pdf.numPages })}
      role="img"
    />
  );
}

/** Shows a PDF inline as canvas pages, fitted to the available width. */
export function PdfViewer({ url, onLoaded }: { url: string; onLoaded?: () => void }) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState(false);
  const [width, setWidth] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [shown, setShown] = useState(PAGES_AT_ONCE);
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    setPdf(null);
    setError(false);
    setShown(PAGES_AT_ONCE);
    void loadPdfJs()
      .then((pdfjs) => {
        const task = pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false });
        destroy = () => void task.destroy();
        return task.promise;
      })
      .then((doc) => {
        if (cancelled) return;
        setPdf(doc);
        onLoadedRef.current?.();
      })
      .catch(() => {
        if (!cancelled) setError(true);
      });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [url]);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? 0);
      // Re-render only on real width changes (not on each pixel of a scrollbar appearing).
      setWidth((previous) => (Math.abs(previous - next) > 24 ? next : previous));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div data-testid="pdf-viewer">
      <Space style={{ marginBottom: 8 }} wrap>
        <Button size="small" icon={<MinusOutlined />} aria-label={t('document.zoomOut')} onClick={() => setZoom((z) => Math.max(0.5, z - 0.25))} />
        <Typography.Text>{Math.round(zoom * 100)}%</Typography.Text>
        <Button size="small" icon={<PlusOutlined />} aria-label={t('document.zoomIn')} onClick={() => setZoom((z) => Math.min(3, z + 0.25))} />
        {pdf && <Typography.Text type="secondary">{t('common.pages', { count: pdf.numPages })}</Typography.Text>}
      </Space>
      <div className="vp-pdf-scroll">
        <div ref={containerRef}>
          {error && <Alert type="error" showIcon title={t('document.pdfError')} />}
          {!pdf && !error && (
            <div style={{ padding: 48, textAlign: 'center' }}>
              <Spin />
              <div style={{ marginTop: 8 }}>{t('document.pdfLoading')}</div>
            </div>
          )}
          {pdf && width > 0 && Array.from({ length: Math.min(shown, pdf.numPages) }, (_, i) => (
            <PdfPage key={i + 1} pdf={pdf} pageNumber={i + 1} width={width - 2} zoom={zoom} />
          ))}
          {pdf && shown < pdf.numPages && (
            <div style={{ textAlign: 'center' }}>
              <Button onClick={() => setShown((s) => s + PAGES_AT_ONCE)}>{t('document.pdfMore', { shown, total: pdf.numPages })}</Button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
