// What every page must be, checked on the page as it is now: axe finds nothing (any impact, best practice
// included, so content outside a landmark fails too) at 1280 px and at 320 px, at 320 px nothing scrolls
// sideways, and everything that takes focus shows it with an indicator of at least 3:1 contrast.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const wide = { width: 1280, height: 800 };
export const narrow = { width: 320, height: 640 };

/** Every axe finding on the page as it is now, whatever its impact. */
export async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`.slice(0, 400),
  );
}

/** Whether the page scrolls sideways, and if so the innermost elements that stick out on the right. */
export function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
    const out = [...document.body.querySelectorAll('*')].filter(
      (el) =>
        el.getBoundingClientRect().right > width + 0.5 &&
        ![...el.children].some((child) => child.getBoundingClientRect().right > width + 0.5),
    );
    return [
      `scrolls sideways (${document.documentElement.scrollWidth} px wide): ${out.slice(0, 5).map(describe).join(', ')}`,
    ];
  });
}

/**
 * Focuses each visible control in turn and compares its look with and without focus. Something must change
 * (an outline, a shadow, a border or the background, on the control or on the label that draws a GOV.UK
 * checkbox or radio), and one of the changed colours must stand 3:1 or more against the background behind
 * the control (WCAG 2.2, 1.4.11 and 2.4.7). Chromium's own ring counts by its colour: Waymark styles its own.
 */
export function focusProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const parse = (color: string): [number, number, number, number] | undefined => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : undefined;
    };
    const luminance = ([r, g, b]: number[]) =>
      0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
    const contrast = (a: number[], b: number[]) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
      return (x + 0.05) / (y + 0.05);
    };
    const backdrop = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c && c[3] > 0.5) return c;
      }
      return [255, 255, 255];
    };
    const shadowColours = (shadow: string) =>
      shadow === 'none' ? [] : [...shadow.matchAll(/rgba?\([^)]*\)/g)].map((m) => m[0]);
    const look = (el: Element, pseudo?: string) => {
      const s = getComputedStyle(el, pseudo);
      return {
        outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        outlineStyle: s.outlineStyle,
        outlineWidth: Number.parseFloat(s.outlineWidth),
        outlineColor: s.outlineColor,
        shadow: s.boxShadow,
        border: `${s.borderTopWidth} ${s.borderTopColor} ${s.borderBottomWidth} ${s.borderBottomColor}`,
        borderColours: [s.borderTopColor, s.borderBottomColor],
        background: s.backgroundColor,
      };
    };
    const selector =
      'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, audio[controls], [tabindex]:not([tabindex="-1"])';
    const problems: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')} “${(
        el.textContent ?? ''
      )
        .trim()
        .slice(0, 40)}”`;
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      // A GOV.UK checkbox or radio is drawn by its label; the input itself is transparent.
      const drawnBy =
        el.matches('.govuk-checkboxes__input, .govuk-radios__input') && el.nextElementSibling
          ? el.nextElementSibling
          : undefined;
      const visible =
        (drawnBy ?? el).getClientRects().length > 0 && getComputedStyle(drawnBy ?? el).visibility !== 'hidden';
      if (!visible) continue;
      const targets: [Element, string | undefined][] = drawnBy ? [[drawnBy, '::before']] : [[el, undefined]];
      el.blur();
      const before = targets.map(([t, p]) => look(t, p));
      const unfocused = (drawnBy ?? el).getBoundingClientRect();
      const hiddenBefore = unfocused.width <= 1 || unfocused.height <= 1;
      el.focus();
      if (document.activeElement !== el) continue;
      const after = targets.map(([t, p]) => look(t, p));
      const focused = (drawnBy ?? el).getBoundingClientRect();
      el.blur();
      // A control that is hidden until focused (a skip link) shows focus by appearing.
      if (hiddenBefore && focused.width > 1 && focused.height > 1) continue;
      const behind = backdrop(el.parentElement);
      const colours: string[] = [];
      after.forEach((a, i) => {
        const b = before[i];
        if (!b) return;
        const outlined = a.outlineStyle === 'auto' || (a.outlineStyle !== 'none' && a.outlineWidth >= 2);
        if (a.outline !== b.outline && outlined) colours.push(a.outlineColor);
        if (a.shadow !== b.shadow) colours.push(...shadowColours(a.shadow));
        if (a.border !== b.border) colours.push(...a.borderColours);
        if (a.background !== b.background) colours.push(a.background);
      });
      const best = Math.max(0, ...colours.map(parse).flatMap((c) => (c && c[3] > 0.5 ? [contrast(c, behind)] : [])));
      if (colours.length === 0) problems.push(`no visible focus on ${describe(el)}`);
      else if (best < 3) problems.push(`focus on ${describe(el)} stands only ${best.toFixed(2)}:1 from its background`);
    }
    return problems;
  });
}

/** Sideways scrolling and axe at the page's current width (set to 320 px by the caller). */
export async function narrowProblems(page: Page): Promise<string[]> {
  const width = page.viewportSize()?.width;
  const findings = [...(await sidewaysScroll(page)), ...(await axeFindings(page))];
  return findings.map((finding) => `at ${width} px: ${finding}`);
}

/** Axe and focus at 1280 px, then axe and sideways scrolling at 320 px; the page is left at 1280 px. */
export async function pageProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.setViewportSize(wide);
  for (const finding of await axeFindings(page)) problems.push(`at 1280 px: ${finding}`);
  for (const finding of await focusProblems(page)) problems.push(`at 1280 px: ${finding}`);
  await page.setViewportSize(narrow);
  problems.push(...(await narrowProblems(page)));
  await page.setViewportSize(wide);
  return problems;
}
