import type { NodeWebgpuResult } from './benchNodeWebgpu';

const ms = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v < 100 ? `${v.toFixed(1)} ms` : `${(v / 1000).toFixed(2)} s`);

/** The Node WebGPU result as [what, value] rows: WebGPU, then WASM on the same machine in brackets. */
export function nodeWebgpuRows(r: NodeWebgpuResult): [string, string][] {
  const w = r.wasm;
  const both = (gpu: number | null | undefined, cpu: number | null | undefined) => `${ms(gpu)}${w ? `   (WASM ${ms(cpu)})` : ''}`;
  const a = r.adapter;
  return [
    ['adapter', `${a.vendor} / ${a.architecture} / ${a.description}${a.software ? ' (software)' : ''}`],
    ['cold start: backend + model load', both(r.coldStartMs.modelLoad, w?.coldStartMs.modelLoad)],
    [`cold start: warm-up (${r.compileMode} compile)`, both(r.coldStartMs.warmup, w?.coldStartMs.warmup)],
    ['cold start: first pass (CNN, 5 views)', both(r.coldStartMs.firstPass, w?.coldStartMs.firstPass)],
    ['cold start: first beam search (N=3)', both(r.coldStartMs.decode, w?.coldStartMs.decode)],
    ['cold start: to the first result', both(r.coldStartMs.toFirstResult, w?.coldStartMs.toFirstResult)],
    [`warm CNN, 5 views batched (median of ${r.warmCnnRunsMs.length})`, both(r.warmCnnMs, w?.warmCnnMs)],
    ['warm CNN, one execute() per view', both(r.warmCnnPerViewMs, w?.warmCnnPerViewMs)],
    ['WebGPU speed-up vs WASM (warm CNN)', r.speedupVsWasm === null ? '—' : `×${r.speedupVsWasm.toFixed(2)}`],
    ...Object.entries(r.beamMs).map(([n, v]): [string, string] => [`beam search N=${n} (the app's JS decoder)`, both(v, w?.beamMs[n])]),
    ...Object.entries(r.beamOnDeviceMs ?? {}).map(([n, v]): [string, string] => [`beam search N=${n} (tfjs scorer on the backend)`, both(v, w?.beamOnDeviceMs?.[n])]),
    ['GPU→CPU reads per beam step (JS decoder / tfjs scorer)', `${r.readsPerStep} / ${r.readsPerStepOnDevice ?? '—'}`],
    ['max |ΔI| vs WASM (relative to max |I|)', r.maxAbsDiffVsWasm === null ? '—' : `${r.maxAbsDiffVsWasm.toExponential(2)} (${r.relDiffVsWasm?.toExponential(2)} of ${r.featureScale?.toFixed(2)})`],
    ...Object.entries(r.diffByKind ?? {}).map(([kind, d]): [string, string] => [`  ${kind}`, `${d.maxAbs.toExponential(2)} (${d.rel.toExponential(2)}); ${d.differing} of ${d.values} over 1e-3`]),
    ['labels (N=3) equal to WASM\'s', `${r.labelsEqual ?? '—'}: ${r.labels.join(', ')}${w && !r.labelsEqual ? ` vs ${w.labels.join(', ')}` : ''}`],
  ];
}
