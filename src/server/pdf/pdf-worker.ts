/**
 * A worker thread of the PDF pool (pool.ts): takes a document definition as data, renders it with
 * pdfmake on this thread, and hands the bytes back (moved, not copied).
 */
import { Piscina } from 'piscina';
import { fromTransferable, type TransferableDefinition } from './pool.js';
import { renderPdfOnThisThread } from './render.js';

export default async function renderDocument(task: TransferableDefinition): Promise<unknown> {
  const bytes = await renderPdfOnThisThread(fromTransferable(task));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return Piscina.move(copy);
}
