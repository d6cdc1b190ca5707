import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../test/tfSetup';
import { loadDetectorsFromDisk } from '../train/extract';
import { initNodeBackend } from '../train/nodeBackend';
import { extractRaw, type Detectors } from '../model/cnn/imageFeatures';
import { extractRawPerView } from './viewsPerCall';

let detectors: Detectors;
beforeAll(async () => {
  await initNodeBackend('wasm');
  detectors = await loadDetectorsFromDisk();
});
afterAll(() => { detectors?.centernet.dispose(); detectors?.nanodet.dispose(); });

const image = { data: new Uint8ClampedArray(90 * 70 * 4).map((_, i) => (i * 53) % 256), width: 90, height: 70 };

describe('extractRawPerView (benchmark only: one execute() per view)', () => {
  it('gives the batched path\'s raw features, without leaking', async () => {
    const batched = await extractRaw(detectors, image);
    const perView = await expectNoLeak(() => extractRawPerView(detectors, image));
    expect(perView.length).toBe(batched.length);
    let diff = 0;
    perView.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - batched[i]!)); });
    expect(diff).toBeLessThan(1e-4);
  });
});
