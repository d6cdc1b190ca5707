import { describe, expect, it } from 'vitest';
import { headVariant } from './headVariant';

describe('headVariant', () => {
  it('describes an SR-CNN-RNN head with its layout and metrics', () => {
    const v = headVariant({
      config: { concept: true, order: 'frequent', labelSmoothing: 0.1 },
      featureLayout: { name: 'base+stats', segments: [{ from: 0, to: 10 }, { from: 5, to: 7 }] },
      val: { cnnrnn: { mAP: 86.44, OF1: 85.1 }, baseline: { mAP: 87.01, OF1: 85.6 } },
    });
    expect(v.sequenceModel).toBe('CNN-RNN with semantic concepts (SR-CNN-RNN, Liu et al. 2017), most-frequent-first label order, label smoothing 0.1');
    expect(v.features).toBe('I: base+stats, 12 values');
    expect(v.metrics).toBe('val mAP 86.4, O-F1 85.1 (independent baseline 87.0, 85.6)');
    expect(headVariant({ featureLayout: { name: 'base', segments: [{ from: 0, to: 4 }] }, cnnInputSize: 384 }).features)
      .toBe('I: base, 4 values (CNN at 384²)');
  });

  it('names the set-target mix, distillation and weight averaging', () => {
    const v = headVariant({ config: { setTargetMix: 0.3, distill: 0.5, weightAverage: 0.998 }, teachers: ['a', 'b', 'c'] });
    expect(v.sequenceModel).toBe('CNN-RNN as in the paper, most-frequent-first label order, set-target mix 0.3, distilled from 3 trained heads (share 0.5), averaged weights');
  });

  it('names scheduled sampling and semantic regularisation', () => {
    const v = headVariant({ config: { order: 'pla', scheduledSampling: 0.25, semanticWeight: 0.3 } });
    expect(v.sequenceModel).toBe('CNN-RNN as in the paper, predicted-label alignment (Yazici et al. 2020), scheduled sampling 0.25, semantic regularisation λ 0.3');
  });

  it('names the image gate', () => {
    const v = headVariant({ config: { order: 'pla', semanticWeight: 0.3, imageGate: true } });
    expect(v.sequenceModel).toBe('CNN-RNN whose every step is also scored on the image alone (image gate), predicted-label alignment (Yazici et al. 2020), semantic regularisation λ 0.3');
  });

  it('names an ensemble and its seeds', () => {
    const v = headVariant({ config: { order: 'pla', weightAverage: 0.998 }, ensemble: [{ seed: 7 }, { seed: 8 }, { seed: 9 }] });
    expect(v.sequenceModel).toBe('CNN-RNN as in the paper, predicted-label alignment (Yazici et al. 2020), averaged weights, an ensemble of 3 such heads (seeds 7, 8, 9) decoded as one');
    const scaled = headVariant({ config: { order: 'pla', weightAverage: 0.998 }, endScale: 1.4, ensemble: [{ seed: 7 }, { seed: 8 }] });
    expect(scaled.sequenceModel).toBe('CNN-RNN as in the paper, predicted-label alignment (Yazici et al. 2020), averaged weights, END × 1.4 when decoding, an ensemble of 2 such heads (seeds 7, 8) decoded as one');
  });

  it('falls back for a head without metadata', () => {
    expect(headVariant({})).toEqual({ sequenceModel: 'CNN-RNN as in the paper, most-frequent-first label order', features: 'I: base layout', metrics: null });
  });
});
