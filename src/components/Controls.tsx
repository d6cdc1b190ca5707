import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BEAM_WIDTH_RANGE } from '../store/decodeSlice';
import { useStore } from '../store/store';
import type { ImageEntry } from '../store/types';
import { exportJson, exportPng, exportSvg } from '../viz/exportTree';

const PLAY_INTERVAL_MS = 900;

/** Beam width / max length (re-decode at once), playback of the search, export. */
export function Controls({ image, compact }: { image: ImageEntry; compact: boolean }) {
  const s = useStore(useShallow((st) => ({
    beamWidth: st.beamWidth, maxLength: st.maxLength, setBeamWidth: st.setBeamWidth, setMaxLength: st.setMaxLength,
    step: st.playbackStep, setStep: st.setPlayback, playing: st.playing, setPlaying: st.setPlaying,
    numLabels: st.labels.length, forcePrefix: st.forcePrefix,
  })));
  const beam = image.beam!;
  const steps = beam.steps.length;
  useEffect(() => {
    if (!s.playing) return undefined;
    const t = setInterval(() => {
      const cur = useStore.getState().playbackStep ?? 0;
      if (cur >= steps) { s.setPlaying(false); s.setStep(null); } else s.setStep(cur + 1);
    }, PLAY_INTERVAL_MS);
    return () => clearInterval(t);
  }, [s.playing, steps, s]);
  const shown = s.step ?? steps;
  return (
    <div className="controls">
      <label>
        Beam width N = <output data-testid="beam-width-value">{s.beamWidth}</output>
        <input type="range" min={BEAM_WIDTH_RANGE[0]} max={BEAM_WIDTH_RANGE[1]} value={s.beamWidth} data-testid="beam-width" aria-label="Beam width"
          onChange={(e) => s.setBeamWidth(Number(e.target.value))} />
      </label>
      <label>
        Max length = <output data-testid="max-length-value">{s.maxLength}</output>
        <input type="range" min={1} max={Math.max(1, s.numLabels)} value={s.maxLength} data-testid="max-length" aria-label="Max length"
          onChange={(e) => s.setMaxLength(Number(e.target.value))} />
      </label>
      <div className="playback" role="group" aria-label="Playback">
        <button type="button" data-testid="step-prev" disabled={shown <= 0} onClick={() => { s.setPlaying(false); s.setStep(Math.max(0, shown - 1)); }}>◀ prev</button>
        <button type="button" data-testid="step-play" onClick={() => { if (!s.playing && (s.step === null || s.step >= steps)) s.setStep(0); s.setPlaying(!s.playing); }}>{s.playing ? '❚❚ pause' : '▶ play'}</button>
        <button type="button" data-testid="step-next" disabled={s.step === null} onClick={() => { s.setPlaying(false); s.setStep(shown + 1 >= steps ? null : shown + 1); }}>next ▶</button>
        <span data-testid="playback-step">step {shown} / {steps}</span>
      </div>
      {!compact && (
        <div className="export" role="group" aria-label="Export">
          <button type="button" data-testid="export-svg" onClick={() => exportSvg(image.name)}>SVG</button>
          <button type="button" data-testid="export-png" onClick={() => void exportPng(image.name)}>PNG</button>
          <button type="button" data-testid="export-json" onClick={() => exportJson(image.name, beam)}>JSON</button>
        </div>
      )}
      {image.prefix.length > 0 && <button type="button" data-testid="clear-prefix" onClick={() => s.forcePrefix([])}>Clear forced labels</button>}
    </div>
  );
}
