import i18next from 'i18next';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import vi from '../i18n/vi.json';
import { SecrecyTag, UrgencyTag } from './labels';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({ resources: { vi: { translation: vi } }, lng: 'vi', interpolation: { escapeValue: false } });
});
const text = (element: ReactElement) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, element)).replace(/<[^>]+>/g, '');

describe('the labels of a document', () => {
  it('an ordinary document shows no secrecy level at all (not "Thường"); a secret one shows its level', () => {
    expect(text(createElement(SecrecyTag, { secrecy: 'none' }))).toBe('');
    expect(text(createElement(SecrecyTag, { secrecy: null }))).toBe('');
    expect(text(createElement(SecrecyTag, { secrecy: 'secret' }))).toBe('Tối mật');
  });

  it('the urgencies are the three Decree 30 names and "thường"; "hẹn giờ" is nowhere', () => {
    const names = (['normal', 'urgent', 'very_urgent', 'flash'] as const).map((urgency) => text(createElement(UrgencyTag, { urgency })));
    expect(names).toEqual(['Thường', 'Khẩn', 'Thượng khẩn', 'Hỏa tốc']);
    expect(JSON.stringify(vi)).not.toMatch(/hẹn giờ/i);
  });
});
