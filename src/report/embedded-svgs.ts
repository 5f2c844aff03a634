/** Every `<svg …>…</svg>` of an HTML page (SVGs are not nested in the report). */
export function embeddedSvgs(html: string): string[] {
  return [...html.matchAll(/<svg[\s>][\s\S]*?<\/svg>/g)].map((m) => m[0]);
}
