import type { BeamResult } from '../model/search/beamTypes';

/** Inline styles so an exported SVG looks the same outside the page. */
const EXPORT_CSS = `
.node rect{fill:#fff;stroke:#94a3b8;stroke-width:1.2}.node text{font:12px system-ui,sans-serif;fill:#0f172a}.node .node-path-p{font-size:10px;fill:#64748b}
.state-best rect{fill:#dcfce7;stroke:#16a34a;stroke-width:2}.state-kept rect{fill:#e0f2fe;stroke:#0284c7}
.state-open rect{fill:#fef9c3;stroke:#ca8a04}.state-end rect{fill:#ede9fe;stroke:#7c3aed}
.state-pruned rect{fill:#f1f5f9;stroke:#cbd5e1;stroke-dasharray:3 2}.state-pruned text{fill:#94a3b8}
.state-forced rect{fill:#ffedd5;stroke:#ea580c}.link{fill:none;stroke:#64748b}.link.state-best{stroke:#16a34a}
.link.state-pruned{stroke:#cbd5e1}.stop-line{stroke:#dc2626;stroke-dasharray:6 4}.stop-text{font:12px system-ui;fill:#dc2626}.stop-short{display:none}`;

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const base = (name: string) => `${name.replace(/\.[^.]+$/, '') || 'image'}-beam-tree`;

/** The tree's SVG markup, standalone (styles inlined, zoom reset). */
export function treeSvgText(): string {
  const svg = document.querySelector<SVGSVGElement>('[data-testid="beam-tree"]');
  if (!svg) throw new Error('No tree to export');
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.querySelector('g')?.removeAttribute('transform');
  const [, , w, h] = (copy.getAttribute('viewBox') ?? '0 0 800 400').split(' ').map(Number);
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = EXPORT_CSS;
  copy.prepend(style);
  return new XMLSerializer().serializeToString(copy);
}

export function exportSvg(imageName: string): void {
  download(`${base(imageName)}.svg`, new Blob([treeSvgText()], { type: 'image/svg+xml' }));
}

export async function exportPng(imageName: string, scale = 2): Promise<void> {
  const text = treeSvgText();
  const img = new Image();
  img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width * scale;
  canvas.height = img.height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(img.src);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (blob) download(`${base(imageName)}.png`, blob);
}

/** The search as JSON (typed arrays as plain arrays). */
export function beamJson(result: BeamResult, labels?: string[]): string {
  return JSON.stringify({ labels, ...result, nodes: result.nodes.map((n) => ({ ...n, next: n.next ? Array.from(n.next) : undefined })) }, null, 1);
}

export function exportJson(imageName: string, result: BeamResult): void {
  download(`${base(imageName)}.json`, new Blob([beamJson(result)], { type: 'application/json' }));
}
