import type { ThemeConfig } from 'antd';

/**
 * The client's Ant Design theme. Ant Design's defaults fail WCAG 2.1 AA contrast (4.5:1 for text) in
 * several places officials read all day: links (#1677ff, 4.1:1), grey secondary text and placeholders
 * (45% black, 3.4:1), green and gold status tags (2.2:1, 2.75:1). The fix is made here, once, in the
 * tokens every component derives its colours from, rather than component by component.
 */
const BRAND_BLUE = '#1d4f91'; // 8.1:1 on white

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    colorInfo: BRAND_BLUE, // "processing" tags and links derive from it
    colorLink: BRAND_BLUE,
    // Hover and pressed shades too: derived ones are lighter and fall under 4.5:1 on a hovered row.
    colorLinkHover: '#2a64b0',
    colorLinkActive: '#163d70',
    colorPrimaryHover: '#2a64b0',
    colorPrimaryActive: '#163d70',
    // The tint derived from the dark brand blue is grey; the selected menu item reads better on a light blue.
    colorPrimaryBg: '#e8f0fb',
    colorPrimaryBgHover: '#d4e3f7',
    colorSuccess: '#237804', // 5.5:1 on its own light background, where the default green has 2.2:1
    colorWarning: '#ad4e00', // 5.3:1 on its light background (default gold: 2.0:1)
    colorError: '#c41d1d', // 5.4:1 on its light background, and on white (default: 3.3:1)
    // Backgrounds derived from darker seeds come out greyish and darken the text's background too:
    // the usual light tints are kept.
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)', // #595959: 7:1 on white, 6.5:1 on the grey page
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)', // 5:1: a placeholder is text too
    // Preset tag colours write their text in shade 7 of the palette; gold's and volcano's are too light
    // on their shade-1 background, so darker shades of the same hue take their place.
    // Both spellings: components read the CSS variable made from the dashed one (--ant-gold-7).
    gold7: '#874d00',
    'gold-7': '#874d00',
    volcano7: '#ad2102',
    'volcano-7': '#ad2102',
    orange7: '#ad4e00',
    'orange-7': '#ad4e00',
    green7: '#237804',
    'green-7': '#237804',
    cyan7: '#006d75',
    'cyan-7': '#006d75',
    lime7: '#3f6600',
    'lime-7': '#3f6600',
    borderRadius: 6,
    fontFamily: "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'Noto Sans', sans-serif",
  },
};

/**
 * The language switch sits on the red header: white text on the dark track, red on the white thumb
 * (both 7.9:1), where the default grey on a translucent track had 2.9:1.
 */
export const headerSegmentedTheme: ThemeConfig = {
  components: {
    Segmented: {
      trackBg: 'rgba(0, 0, 0, 0.25)',
      itemColor: '#ffffff',
      itemHoverColor: '#ffffff',
      itemHoverBg: 'rgba(255, 255, 255, 0.15)',
      itemSelectedBg: '#ffffff',
      itemSelectedColor: '#9f1c1c',
    },
  },
};
