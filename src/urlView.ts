import { DEFAULT_BEAM_WIDTH, DEFAULT_MAX_LENGTH } from './store/decodeSlice';
import type { AppState } from './store/types';
import { sampleName } from './samples';
import { readUrlOptions } from './urlOptions';

/**
 * The exploration state kept in the page URL, so a link or an embed reproduces a view:
 * ?sample=<file>&n=<beam width>&len=<max length>&prefix=<forced labels>&node=<selected node id>.
 * Labels are indices joined by '/', as in node ids ("14/4/END").
 */
export interface UrlView {
  sample: string | null;
  beamWidth: number | null;
  maxLength: number | null;
  prefix: number[];
  node: string | null;
}

const KEYS = ['sample', 'n', 'len', 'prefix', 'node'] as const;

const positiveInt = (v: string | null) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : null);

/** Reads the view from a query string; anything malformed is left out. */
export function readUrlView(search: string): UrlView {
  const q = new URLSearchParams(search);
  const prefix = (q.get('prefix') ?? '').split('/').filter((s) => /^\d+$/.test(s)).map(Number);
  const node = q.get('node');
  return {
    sample: readUrlOptions(search).sample,
    beamWidth: positiveInt(q.get('n')),
    maxLength: positiveInt(q.get('len')),
    prefix: new Set(prefix).size === prefix.length ? prefix : [],
    node: node && /^(root|\d+(\/\d+)*(\/END)?|END)$/.test(node) ? node : null,
  };
}

/** The query string for a view, keeping every other parameter (backend, embed, drop) as it was. */
export function writeUrlView(search: string, view: UrlView): string {
  const q = new URLSearchParams(search);
  KEYS.forEach((k) => q.delete(k));
  if (view.sample) q.set('sample', view.sample);
  if (view.beamWidth !== null) q.set('n', String(view.beamWidth));
  if (view.maxLength !== null) q.set('len', String(view.maxLength));
  if (view.prefix.length) q.set('prefix', view.prefix.join('/'));
  if (view.node) q.set('node', view.node);
  const text = q.toString().replace(/%2F/g, '/');
  return text ? `?${text}` : '';
}

/** The view the app shows now. Prefix and node belong to a sample (a dropped photo cannot be linked). */
export function urlViewOf(s: AppState): UrlView {
  const image = s.images.find((i) => i.id === s.selectedId);
  const sample = image?.file ? sampleName(image.file) : null;
  return {
    sample,
    beamWidth: s.beamWidth === DEFAULT_BEAM_WIDTH ? null : s.beamWidth,
    maxLength: s.maxLength === DEFAULT_MAX_LENGTH ? null : s.maxLength,
    prefix: sample && image ? image.prefix : [],
    node: sample ? s.selectedNodeId : null,
  };
}
