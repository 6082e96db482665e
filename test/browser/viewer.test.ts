/**
 * The trace viewer in a real browser: Debian's chromium, driven by playwright-core. The test
 * opens the page `check --html` writes, steps to the end with the arrow keys and checks that
 * the stale node1/memory2 link (seed 000) and the pfn_valid() range without a memmap
 * (seed 004) are shown, and only at the violating step. It keeps a screenshot in
 * test/output/viewer.png (shown in README.md).
 *
 * .ci/run installs chromium and sets HPCHECK_BROWSER=1: then a missing browser fails these
 * tests. Without it they run when chromium is installed and are skipped otherwise.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, hpcheck } from '../cli/run-cli.ts';

/** HPCHECK_CHROMIUM names the browser binary; by default Debian's. */
const CANDIDATES = process.env.HPCHECK_CHROMIUM ? [process.env.HPCHECK_CHROMIUM] : ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const executable = CANDIDATES.find((p) => existsSync(p));
const required = process.env.HPCHECK_BROWSER === '1';
const OUTPUT = join(ROOT, 'test/output');
const dir = mkdtempSync(join(tmpdir(), 'hpcheck-browser-'));

if (!executable && !required) console.warn('test/browser: no chromium found, viewer tests skipped (HPCHECK_BROWSER=1 makes this a failure)');

describe.runIf(executable !== undefined || required)('trace viewer in chromium', () => {
  let browser: Browser | undefined;
  const errors: string[] = [];
  afterAll(async () => { await browser?.close(); });

  /** Every test opens its page through here, so each one fails when there is no browser. */
  async function open(file: string): Promise<Page> {
    if (!executable) throw new Error(`HPCHECK_BROWSER=1 but no chromium at ${CANDIDATES.join(' or ')}: apt-get install -y chromium`);
    browser ??= await chromium.launch({ executablePath: executable, headless: true });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  /** Presses ArrowRight until the last step is selected; returns how many presses it took. */
  async function stepToEnd(page: Page): Promise<number> {
    const steps = await page.locator('#steps li').count();
    for (let i = 1; i < steps; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#steps li[aria-current="step"]').getAttribute('data-step')).toBe(String(steps - 1));
    return steps - 1;
  }

  it('seed 000 on v5.8: stepping to the end shows the dangling node1/memory2 and the violated property', async () => {
    const html = join(dir, 'ppc.html');
    expect(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'link-consistency', '--html', html).status).toBe(1);
    const page = await open(html);
    expect(await page.locator('#step-title').textContent()).toBe('Step 0 of 9: power-on');
    const last = await stepToEnd(page);
    expect(await page.locator('#step-title').textContent()).toBe(`Step ${last} of 9: remove_memory(lmb2)`);
    const stale = page.locator('#sysfs .stale');
    expect(await stale.count()).toBe(1);
    expect(await stale.textContent()).toBe('memory2 -> ../../memory/memory2');
    expect(await page.locator('#sysfs [data-path="node/node1/memory2"]').textContent()).toContain('dangling: the block is gone');
    expect(await page.locator('#sysfs .removed').allTextContents()).toHaveLength(4);
    expect(await page.locator('#property').getAttribute('class')).toContain('fails');
    expect(await page.locator('#property .status').textContent()).toBe('✗ link-consistency fails at step 9: node1/memory2 links to a block that no longer exists');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'viewer.png'), fullPage: true });
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#step-title').textContent()).toBe('Step 8 of 9: offline_pages(memory2)');
    expect(await page.locator('#sysfs .stale').count()).toBe(0);
    expect(await page.locator('#property .status').textContent()).toBe('✓ link-consistency holds at step 8');
    await page.close();
  });

  it('seed 004 on v5.8: at the end the map marks the pfn_valid() subsection that has no memmap', async () => {
    const html = join(dir, 'pmem.html');
    expect(hpcheck('check', '--layout', 'pmem-early-section', '--kernel', 'v5.8', '--property', 'memmap-valid', '--html', html).status).toBe(1);
    const page = await open(html);
    await stepToEnd(page);
    const missing = page.locator('#map .no-memmap');
    expect(await missing.count()).toBe(1);
    expect(await missing.getAttribute('title')).toBe('[mem 0x2c000000-0x2fffffff] pmem, node0, memmap absent, pfn_valid: pfn_valid() but NO MEMMAP');
    await page.keyboard.press('Home');
    expect(await page.locator('#map .no-memmap').count()).toBe(0);
    await page.close();
  });

  it('several counterexamples: the selector switches to the BUG trace, whose last step shows the kernel log', async () => {
    const html = join(dir, 'all.html');
    hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--html', html);
    const page = await open(html);
    await page.locator('#trace').selectOption({ label: 'no-kernel-bug (10 steps)' });
    await page.locator('body').click();
    await stepToEnd(page);
    expect(await page.locator('#kernel-log').textContent()).toContain('kernel BUG at mm/memory_hotplug.c!');
    await page.close();
  });

  it('the pages raised no script error', () => {
    expect(errors).toEqual([]);
  });
});
