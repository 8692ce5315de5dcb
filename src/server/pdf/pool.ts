/**
 * PDFs are made off the event loop. pdfmake lays a document out synchronously, and the largest plan
 * a clinician may save took ten seconds, during which the server answered nothing, `/healthz`
 * included. Documents are rendered on a pool of worker threads (piscina), one per core, with a time
 * limit per document and a bounded queue: a document that takes too long is stopped (its thread
 * is replaced), and when every thread is busy and the queue is full the caller is told at once to
 * come back (503 with Retry-After) instead of waiting behind everyone else.
 *
 * The pool is the process's, shared by every app in it, created on first use; its idle threads
 * end after a while and never keep the process alive. A document definition crosses to the thread
 * by structured clone, so it must be data: the page header and footer, the one place pdfmake takes
 * a function, are sent as the content they give for placeholder page numbers and rebuilt in the
 * worker (see `toTransferable`); any other function in a definition is a programming error.
 *
 * The time limit counts from when a document gets its thread, not while it waits: the pool hands
 * piscina no more documents than it has threads, and keeps the others in its own bounded queue.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { PdfContent, PdfDocumentDefinition } from 'pdfmake';
import { Piscina } from 'piscina';
import { AppError } from '../../core/errors.js';

export interface PdfPoolOptions {
  /** Worker threads: the machine's cores by default. */
  threads: number;
  /** How long one document may take before it is stopped. */
  timeLimitMs: number;
  /** Documents that may wait for a thread; beyond it the request is refused with 503. */
  maxQueue: number;
}

export function defaultPdfPoolOptions(): PdfPoolOptions {
  const threads = Math.max(1, availableParallelism());
  return { threads, timeLimitMs: 120_000, maxQueue: threads * 4 };
}

/** A 503 that says when to come back. */
export class PdfUnavailableError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('unavailable', message);
  }
}

/** Page numbers no document has, put in place of the real ones while a header or footer is sent. */
const PAGE = 987_654_301;
const PAGES = 987_654_307;

const PAGE_FUNCTIONS = ['header', 'footer', 'background'] as const;

/** A definition as it crosses to a worker: page functions replaced by their content template. */
export type TransferableDefinition = Omit<PdfDocumentDefinition, (typeof PAGE_FUNCTIONS)[number]> & {
  pageTemplates?: Partial<Record<(typeof PAGE_FUNCTIONS)[number], unknown>>;
};

function refuseFunctions(value: unknown, path: string): void {
  if (typeof value === 'function') throw new Error(`a PDF definition cannot carry a function to the worker (${path})`);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) refuseFunctions(child, `${path}.${key}`);
  }
}

/** The definition as data, ready for structured clone (see the module comment). */
export function toTransferable(definition: PdfDocumentDefinition): TransferableDefinition {
  const { header, footer, background, ...rest } = definition as PdfDocumentDefinition & Record<string, unknown>;
  const templates: Partial<Record<(typeof PAGE_FUNCTIONS)[number], unknown>> = {};
  const pageFunctions = { header, footer, background };
  for (const name of PAGE_FUNCTIONS) {
    const value = pageFunctions[name];
    if (value === undefined) continue;
    templates[name] =
      typeof value === 'function'
        ? { pageFunction: (value as (page: number, pages: number, size: unknown) => unknown)(PAGE, PAGES, {}) }
        : { content: value };
  }
  refuseFunctions(rest, 'definition');
  refuseFunctions(templates, 'definition');
  return { ...(rest as Omit<PdfDocumentDefinition, (typeof PAGE_FUNCTIONS)[number]>), pageTemplates: templates };
}

/** Puts the real page numbers into a template's text. */
function fillPages(value: unknown, page: number, pages: number): unknown {
  if (typeof value === 'string')
    return value.replaceAll(String(PAGE), String(page)).replaceAll(String(PAGES), String(pages));
  if (Array.isArray(value)) return value.map((item) => fillPages(item, page, pages));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fillPages(child, page, pages)]));
  }
  return value;
}

/** The definition again, in the worker: page functions rebuilt from their templates. */
export function fromTransferable(transferable: TransferableDefinition): PdfDocumentDefinition {
  const { pageTemplates, ...rest } = transferable;
  const definition: Record<string, unknown> = { ...rest };
  for (const name of PAGE_FUNCTIONS) {
    const template = pageTemplates?.[name] as { pageFunction?: unknown; content?: unknown } | undefined;
    if (template === undefined) continue;
    definition[name] =
      'pageFunction' in template
        ? (page: number, pages: number) => fillPages(template.pageFunction, page, pages) as PdfContent
        : template.content;
  }
  return definition as unknown as PdfDocumentDefinition;
}

/** The worker module: compiled, or (tests, a stale build) the TypeScript loaded through tsx. */
function workerFilename(): string {
  const here = new URL(import.meta.url);
  return fileURLToPath(new URL(here.pathname.endsWith('.ts') ? './pdf-worker-sources.mjs' : './pdf-worker.js', here));
}

/** At most `slots` documents at once; up to `maxQueue` more wait their turn, in order. */
class Gate {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly slots: number,
    readonly maxQueue: number,
  ) {}

  /** Waits for a slot; answers false at once when the queue is full. */
  async enter(): Promise<boolean> {
    if (this.#running < this.slots) {
      this.#running += 1;
      return true;
    }
    if (this.#waiting.length >= this.maxQueue) return false;
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return true;
  }

  /** Hands the slot to the next in line, or frees it. */
  leave(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running -= 1;
  }
}

interface Pool {
  piscina: Piscina;
  gate: Gate;
  options: PdfPoolOptions;
}

let current: Pool | undefined;

function newPool(options: PdfPoolOptions): Pool {
  const piscina = new Piscina({
    filename: workerFilename(),
    minThreads: 0,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    // Below the main thread in the scheduler (Linux): with every core rendering, the event loop
    // still gets the CPU the moment a request arrives.
    niceIncrement: 10,
  });
  return { piscina, gate: new Gate(options.threads, options.maxQueue), options };
}

function pool(): Pool {
  current ??= newPool(defaultPdfPoolOptions());
  return current;
}

/**
 * Replaces the process's pool (tests use a small one, with a short time limit); the old one's
 * threads end once their documents are done. Answers the options now in force.
 */
export async function configurePdfPool(options: Partial<PdfPoolOptions>): Promise<PdfPoolOptions> {
  const previous = current;
  const next = { ...defaultPdfPoolOptions(), ...options };
  current = newPool(next);
  await previous?.piscina.close();
  return next;
}

/** Renders a definition on a thread of the pool; refuses with 503 (and Retry-After) when it is full or too slow. */
export async function renderInPool(definition: PdfDocumentDefinition): Promise<Buffer> {
  const { piscina, gate, options } = pool();
  const task = toTransferable(definition);
  const seconds = Math.max(1, Math.ceil(options.timeLimitMs / 1000));
  if (!(await gate.enter())) {
    throw new PdfUnavailableError(
      'Every PDF worker is busy and the queue is full. Nothing was lost; try again in a moment.',
      seconds,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = (await piscina.run(task, { signal: AbortSignal.timeout(options.timeLimitMs) })) as Uint8Array;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'AbortError' || name === 'TimeoutError') {
      throw new PdfUnavailableError(
        `This PDF took longer than ${seconds} seconds to make and was stopped. Try again in a moment.`,
        seconds,
      );
    }
    throw error;
  } finally {
    gate.leave();
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
