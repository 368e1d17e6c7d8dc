// Drives Debian's Firefox ESR over WebDriver BiDi for the pytest side (tests/e2e/firefox_bridge.py).
//
// Playwright cannot drive a stock Firefox; puppeteer-core (a devDependency, it downloads no browser) speaks WebDriver
// BiDi, which Firefox has built in. This process is a small JSON-lines bridge: one command per line on stdin,
// {"id", "op", ...arguments}, one answer per line on stdout, {"id", "value"} or {"id", "error"}. Every wait is on a
// state (a selector, a predicate run in the page); the timeouts are limits, never pauses.
//
//   node tests/e2e/firefox_bridge.mjs '{"executablePath": "/usr/bin/firefox-esr", "prefs": {...}}'
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const config = JSON.parse(process.argv[2] || "{}");
const browser = await puppeteer.launch({
  browser: "firefox",
  protocol: "webDriverBiDi",
  executablePath: config.executablePath || "/usr/bin/firefox-esr",
  headless: true,            // --headless; the environment also sets MOZ_HEADLESS=1
  extraPrefsFirefox: config.prefs || {},  // puppeteer writes them into a fresh profile in a temporary folder
  env: { ...process.env, MOZ_HEADLESS: "1", MOZ_DISABLE_NONLOCAL_CONNECTIONS: "1" },
});

const pages = new Map();    // id -> {page, context, console: [], requests: []}
const frames = new Map();   // id -> puppeteer Frame
let nextId = 0;
const remember = (map, value) => { const id = String(++nextId); map.set(id, value); return id; };
const frameOf = (id) => {
  const frame = frames.get(id);
  if (!frame || frame.detached) throw new Error(`frame ${id} is gone`);
  return frame;
};
// A function's source and its argument, called in the page: "(source)(argument)".
const call = (source, arg) => `(${source})(${JSON.stringify(arg ?? null)})`;

// Wait until the element `selector` is in the top-level viewport and has not moved since the last look (scrolling
// it into view at each look, every 50 ms).
const IN_VIEW = `async (selector) => {
  const element = document.querySelector(selector);
  if (!element) return false;
  element.scrollIntoView({ block: "center", inline: "nearest" });
  const boxes = (window.__bridgeBoxes ??= new WeakMap());
  const box = JSON.stringify(element.getBoundingClientRect());
  const still = boxes.get(element) === box;
  boxes.set(element, box);
  if (!still) return false;
  const seen = await new Promise((resolve) => {
    const observer = new IntersectionObserver(([entry]) => { observer.disconnect(); resolve(entry.intersectionRatio); });
    observer.observe(element);
  });
  return seen > 0;
}`;
const inView = (frame, selector, timeout) => frame.waitForFunction(call(IN_VIEW, selector), { timeout, polling: 50 });

const ops = {
  // A tab in a fresh user context (its own cookies and storage), or another tab of the page `beside`'s.
  async newPage({ width = 1280, height = 800, beside = null }) {
    const context = beside === null ? await browser.createBrowserContext() : pages.get(beside).context;
    const page = await context.newPage();
    await page.setViewport({ width, height });
    const entry = { page, context, console: [], requests: [] };
    page.on("console", (message) => entry.console.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => entry.console.push(`pageerror: ${error.message ?? error}`));
    page.on("request", (request) => entry.requests.push(request.url()));  // every frame's requests, as sent
    const id = remember(pages, entry);
    frames.set(`main:${id}`, page.mainFrame());
    return { page: id, frame: `main:${id}` };
  },
  // A script run in every document of the page (its frames too) before the document's own scripts.
  async addInitScript({ page, js }) {
    await pages.get(page).page.evaluateOnNewDocument(js);
  },
  async goto({ page, url }) {
    await pages.get(page).page.goto(url, { waitUntil: "load" });
  },
  // The frame of the <iframe> matching `selector` in `frame` (an id), once it holds a document from `url`.
  async frame({ frame, selector, url, timeout }) {
    const handle = await frameOf(frame).waitForSelector(selector, { timeout });
    const child = await handle.contentFrame();
    await handle.dispose();
    await child.waitForFunction(call("prefix => location.href.startsWith(prefix)", url), { timeout, polling: 50 });
    return remember(frames, child);
  },
  async evaluate({ frame, js, arg }) {
    return await frameOf(frame).evaluate(call(js, arg));
  },
  // Wait until `js(arg)` is truthy in the frame (polled every 50 ms: requestAnimationFrame, puppeteer's default,
  // never runs in a frame that is not rendered); returns its value.
  async waitFor({ frame, js, arg, timeout }) {
    const handle = await frameOf(frame).waitForFunction(call(js, arg), { timeout, polling: 50 });
    const value = await handle.jsonValue();
    await handle.dispose();
    return value;
  },
  // Actions wait for the element to be there, in view and still, and enabled. Puppeteer's own "in the viewport" step
  // scrolls once and then waits: the dashboard's panels (content-visibility: auto) take their real size as they come
  // into view, which moves the element again; inView scrolls until the element stays put.
  async click({ frame, selector, timeout }) {
    await inView(frameOf(frame), selector, timeout);
    await frameOf(frame).locator(selector).setEnsureElementIsInTheViewport(false).setTimeout(timeout).click();
  },
  async fill({ frame, selector, value, timeout }) {
    await inView(frameOf(frame), selector, timeout);
    await frameOf(frame).locator(selector).setEnsureElementIsInTheViewport(false).setTimeout(timeout).fill(value);
  },
  async select({ frame, selector, value, timeout }) {
    const target = frameOf(frame);
    await target.waitForSelector(selector, { timeout });
    await target.select(selector, value);
  },
  // A key on the element `selector` (clicked first, to focus it), with modifiers: "Shift+Enter".
  async press({ frame, page, selector, key, timeout }) {
    await ops.click({ frame, selector, timeout });
    const { keyboard } = pages.get(page).page;
    const keys = key.split("+");
    const main = keys.pop();
    for (const modifier of keys) await keyboard.down(modifier);
    await keyboard.press(main);
    for (const modifier of keys.reverse()) await keyboard.up(modifier);
  },
  async screenshot({ page, path }) {
    await pages.get(page).page.screenshot({ path, fullPage: true });
  },
  async log({ page }) {
    const { console, requests } = pages.get(page);
    return { console, requests };
  },
  async closePage({ page }) {
    const entry = pages.get(page);
    pages.delete(page);
    for (const [id, frame] of frames) if (frame.page() === entry.page) frames.delete(id);
    const shared = [...pages.values()].some((other) => other.context === entry.context);
    await (shared ? entry.page.close() : entry.context.close());
  },
};

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
send({ ready: await browser.version() });
const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  const { id, op, ...args } = JSON.parse(line);
  queue = queue.then(async () => {  // one command at a time, in order
    try {
      if (!ops[op]) throw new Error(`unknown op ${op}`);
      send({ id, value: (await ops[op](args)) ?? null });
    } catch (error) {
      send({ id, error: String(error?.message ?? error) });
    }
  });
});
lines.on("close", async () => {
  await queue;
  await browser.close();
  process.exit(0);
});
