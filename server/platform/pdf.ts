import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

// One CJK font that also covers Latin, digits and punctuation, so every run of text can use it.
const fontDir = new URL('../../assets/fonts/', import.meta.url);
const fonts = { regular: readFileSync(new URL('NotoSansSC-Regular.otf', fontDir)), bold: readFileSync(new URL('NotoSansSC-Bold.otf', fontDir)) };

export type Pdf = PDFKit.PDFDocument;

/** A new A4 document with the Chinese fonts registered as `zh` and `zh-bold`. */
export function newPdf(meta: { title: string; subject?: string }): Pdf {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, bufferPages: true, info: { Title: meta.title, Subject: meta.subject ?? '', Creator: 'OneTrip', Producer: 'OneTrip' } });
  doc.registerFont('zh', fonts.regular);
  doc.registerFont('zh-bold', fonts.bold);
  doc.font('zh');
  return doc;
}

/** Finishes the document (page numbers in the footer) and returns its bytes. */
export function finishPdf(doc: Pdf, footer: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('zh').fontSize(8).fillColor('#888').text(`${footer}    第 ${i + 1} / ${range.count} 页`, 56, doc.page.height - 36, { width: doc.page.width - 112, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** A QR code as PNG bytes, for printing a link back to the system. */
export const qrPng = (text: string): Promise<Buffer> => QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });

/** A section heading with a rule under it. */
export function heading(doc: Pdf, text: string): void {
  if (doc.y > doc.page.height - 140) doc.addPage();
  doc.moveDown(0.6).font('zh-bold').fontSize(12.5).fillColor('#1f3a5f').text(text);
  const y = doc.y + 2;
  doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.6).strokeColor('#c9d3e0').stroke();
  doc.moveDown(0.4).font('zh').fontSize(10.5).fillColor('#222');
}

/** Label: value lines, aligned. */
export function fields(doc: Pdf, rows: [string, string][]): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('zh-bold').fontSize(10).fillColor('#555').text(label, left, y, { width: 110 });
    doc.font('zh').fontSize(10.5).fillColor('#222').text(value || '—', left + 116, y, { width: width - 116 });
    doc.moveDown(0.25);
  }
  doc.x = left;
}

/** A numbered list. */
export function numbered(doc: Pdf, items: string[]): void {
  const left = doc.page.margins.left;
  items.forEach((item, i) => {
    doc.font('zh').fontSize(10.5).fillColor('#222').text(`${i + 1}. ${item}`, left + 8, undefined, { width: doc.page.width - left - doc.page.margins.right - 8 });
    doc.moveDown(0.15);
  });
  doc.x = left;
}
