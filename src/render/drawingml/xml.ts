/** XML text for the DrawingML parts: the five characters XML needs escaped, and the part header. */

/** Text or attribute value → XML (`&`, `<`, `>`, `"`, `'` escaped); control characters XML 1.0 forbids are dropped. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
} as const;

/** "#C6EFCE" → "C6EFCE" (DrawingML's srgbClr takes six hex digits). */
export function rgb(color: string): string {
  return color.replace(/^#/, "").slice(-6).toUpperCase();
}
