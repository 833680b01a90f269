import { Alert, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrefillAnswer, PrefillValues } from '../../../shared/digitization';
import { api } from '../../api/client';
import { ScanQualityWarnings } from './FileTexts';

// Pre-fill of the registration form from the first file dropped on it. The file is sent at once;
// its scan quality comes back at once, its fields once read (a PDF or DOCX in a moment, a scan
// after OCR, a few seconds a page): the form asks every 1.5 s meanwhile. The clerk types freely in
// the meantime: a field they touched, or that holds something else than its default, is never
// overwritten. Each filled field carries the "filled in automatically" mark until the clerk edits it.

const PREFILLABLE = ['issuer', 'issuerId', 'number', 'notation', 'issuedOn', 'documentType', 'summary', 'signer', 'urgency', 'secrecy'] as const;
type Prefillable = (typeof PREFILLABLE)[number];
const DEFAULTS: Partial<Record<Prefillable, unknown>> = { urgency: 'normal', secrecy: 'none', documentType: 'official_letter' };
const READABLE = /\.(pdf|docx|png|jpe?g|tiff?)$/i;

interface FileLike { uid: string; name: string; originFileObj?: File }

export function usePrefill<V extends object>(form: FormInstance<V>, files: FileLike[] | undefined) {
  const { t } = useTranslation();
  const started = useRef<string | null>(null);
  const [answer, setAnswer] = useState<PrefillAnswer | null>(null);
  const [fileName, setFileName] = useState('');
  const [filled, setFilled] = useState<Prefillable[] | null>(null);

  useEffect(() => {
    const file = files?.find((f) => f.originFileObj && READABLE.test(f.name));
    if (!file?.originFileObj || started.current) return;
    started.current = file.uid;
    setFileName(file.name);
    let stopped = false;
    void (async () => {
      try {
        const data = new FormData();
        data.append('files', file.originFileObj!, file.name);
        let current = await api<PrefillAnswer>('/api/incoming-documents/prefill', { method: 'POST', form: data });
        setAnswer(current);
        while (!stopped && ['waiting', 'reading'].includes(current.state)) {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          current = { ...(await api<PrefillAnswer>(`/api/incoming-documents/prefill/${current.fileHash}`)), quality: current.quality };
          setAnswer(current);
        }
        if (!stopped && current.state === 'done') setFilled(apply(form, current.values));
        else if (!stopped) setFilled([]);
      } catch {
        // A pre-fill that fails leaves the form as it is: the clerk types the fields, nothing is blocked.
        if (!stopped) setFilled([]);
      }
    })();
    return () => { stopped = true; };
  }, [files, form]);

  const reading = answer && ['waiting', 'reading'].includes(answer.state) && filled === null;
  const banner = (
    <>
      {answer && <ScanQualityWarnings quality={answer.quality} testId="register-quality-warning" />}
      {reading && <Alert type="info" showIcon data-testid="prefill-reading" title={t('digitization.prefillReading', { name: fileName })} style={{ marginBottom: 12 }} />}
      {filled && filled.length > 0 && <Alert type="success" showIcon closable data-testid="prefill-done" title={t('digitization.prefillDone', { name: fileName, count: filled.filter((f) => f !== 'issuerId').length })} style={{ marginBottom: 12 }} />}
      {filled && filled.length === 0 && answer && <Alert type="info" showIcon closable data-testid="prefill-nothing" title={t('digitization.prefillNothing', { name: fileName })} style={{ marginBottom: 12 }} />}
    </>
  );
  /** Call from the form's onValuesChange: an edited field loses its mark. */
  const onValuesChange = (changed: object) => {
    const names = Object.keys(changed).filter((n): n is Prefillable => (PREFILLABLE as readonly string[]).includes(n));
    if (!names.length) return;
    form.setFields(names.map((name) => ({ name: name as never, warnings: [] })));
  };
  return { banner, onValuesChange };

  function apply(target: FormInstance<V>, values: PrefillValues): Prefillable[] {
    const done: Prefillable[] = [];
    const fields: { name: never; value: unknown; warnings: string[] }[] = [];
    for (const name of PREFILLABLE) {
      const value = values[name as keyof PrefillValues];
      if (value === undefined) continue;
      const current = target.getFieldValue(name as never) as unknown;
      const untouched = !target.isFieldTouched(name as never) && (current === undefined || current === null || current === '' || current === DEFAULTS[name]);
      if (!untouched) continue;
      fields.push({ name: name as never, value: name === 'issuedOn' ? dayjs(value) : value, warnings: name === 'issuerId' ? [] : [t('digitization.autoFilled')] });
      done.push(name);
    }
    target.setFields(fields);
    return done;
  }
}
