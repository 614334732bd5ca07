// search-page.js - drives Debian's chromium (headless, through playwright-core) over the Byline search page that tests/web_test.sh serves with lighttpd.
//
// Usage: node search-page.js URL SCREENSHOT-DIR
// Prints one line per check; exits 1 if any failed, 2 if the browser could
// not be started.
'use strict';

const { chromium } = require('playwright-core');

const [url, shots] = process.argv.slice(2);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];
const HOSTILE = '<script>window.__pwned=1</script>' +
	'<img src=x onerror="window.__pwned=2">"\'&';

let failed = 0;
let passed = 0;

function check(name, ok, detail) {
	if (ok) {
		passed++;
		console.log(`ok: ${name}`);
	} else {
		failed++;
		console.log(`FAIL: ${name}${detail === undefined ? '' : `: ${detail}`}`);
	}
}

async function search(page, words) {
	await page.fill('input[name=q]', words);
	await Promise.all([page.waitForNavigation(), page.press('input[name=q]', 'Enter')]);
}

async function main() {
	let browser;
	try {
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			headless: true,
			args: FLAGS,
			timeout: 60000,
		});
	} catch (e) {
		console.log(`browser: cannot start chromium: ${e.message.split('\n')[0]}`);
		process.exit(2);
	}
	const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
	const dialogs = [];
	page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));

	// the empty form
	let resp = await page.goto(url);
	check('home page answers 200', resp.status() === 200, resp.status());
	check('home page has the search box', await page.locator('input[name=q]').count() === 1);

	// type a query, submit, see highlighted results
	await search(page, 'council');
	check('query kept in the box', await page.inputValue('input[name=q]') === 'council');
	const hits = await page.locator('ol.hits > li').count();
	check('results listed', hits >= 3, hits);
	const marks = await page.locator('ol.hits mark').allTextContents();
	check('matches highlighted with <mark>',
		marks.length > 0 && marks.every((m) => m.toLowerCase() === 'council'), marks);
	check('result count shown', /\d+\s+results?/.test(await page.textContent('p.stats')));
	check('timeline drawn as SVG bars', await page.locator('svg.tl rect').count() > 0);
	await page.screenshot({ path: `${shots}/results.png`, fullPage: true });

	// to page 2 (two results per page)
	await page.goto(`${url}?q=council&per=2`);
	await Promise.all([page.waitForNavigation(), page.click('nav.pages a[rel=next]')]);
	check('page 2 is current', (await page.textContent('nav.pages [aria-current=page]')) === '2');
	check('page 2 numbers its hits from 3',
		(await page.getAttribute('ol.hits', 'start')) === '3');
	check('page 2 links back', await page.locator('nav.pages a[rel=prev]').count() === 1);
	await page.screenshot({ path: `${shots}/page2.png`, fullPage: true });

	// click a facet value: the filter applies and can be removed
	await search(page, 'council');
	const facet = page.locator('section.facet[data-facet=source] li a').first();
	const value = (await facet.textContent()).trim();
	await Promise.all([page.waitForNavigation(), facet.click()]);
	check('facet filter in the URL', page.url().includes('facet=source%3A'), page.url());
	check('facet value marked active',
		(await page.locator('section.facet[data-facet=source] a.on').textContent()).includes(value));
	const filtered = await page.locator('ol.hits > li').count();
	check('facet narrows the results', filtered >= 1 && filtered < hits, `${filtered} of ${hits}`);
	const sources = await page.locator('ol.hits .source').allTextContents();
	check('every hit from that source',
		sources.length === filtered && sources.every((s) => s.toLowerCase() === value), sources);
	await page.screenshot({ path: `${shots}/facet.png`, fullPage: true });

	// follow "Did you mean"
	await search(page, 'Vulcano');
	const suggestion = page.locator('a.suggestion');
	check('"Did you mean" offered', await suggestion.count() === 1);
	await Promise.all([page.waitForNavigation(), suggestion.click()]);
	check('suggestion searched', await page.inputValue('input[name=q]') === 'volcano');
	check('suggestion finds articles', await page.locator('ol.hits mark').count() > 0);
	await page.screenshot({ path: `${shots}/suggestion.png`, fullPage: true });

	// a hostile query renders as text
	await search(page, HOSTILE);
	const pwned = await page.evaluate(() => window.__pwned);
	check('hostile query runs nothing', pwned === undefined && dialogs.length === 0,
		`${pwned} ${dialogs}`);
	check('hostile query kept verbatim in the box',
		await page.inputValue('input[name=q]') === HOSTILE);
	check('no script or img element injected',
		await page.locator('script').count() === 0 && await page.locator('main img').count() === 0);
	const shown = await page.textContent('main');
	check('hostile query shown as text', shown.includes('<script>window.__pwned=1</script>'));
	check('no script errors', errors.length === 0, errors);
	await page.screenshot({ path: `${shots}/hostile.png`, fullPage: true });

	// readable on a phone: nothing wider than the screen
	await page.setViewportSize({ width: 390, height: 844 });
	await search(page, 'harbour');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	check('fits a phone screen', width <= 390, width);
	await page.screenshot({ path: `${shots}/phone.png`, fullPage: true });

	await browser.close();
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.log(`FAIL: ${e.stack}`);
	process.exit(1);
});
