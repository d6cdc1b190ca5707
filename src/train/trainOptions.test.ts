import { describe, expect, it } from 'vitest';
import { BACKBONE_INPUT_SIZE } from '../model/config';
import { parseTrainOptions } from './trainOptions';
import { DEFAULT_HEAD_CONFIG } from './trainHead';

describe('parseTrainOptions', () => {
  it('reads the shipped head\'s flags into typed options, defaults elsewhere', () => {
    const argv = ['--voc', 'V', '--layout', 'base', '--lr', '6e-4', '--batch', '128', '--weight-average', '0.992', '--order', 'pla',
      '--semantic', '0.3', '--image-gate', 'true', '--seeds', '7,8,9', '--quantize', 'float16', '--val-from', '20', '--val-every', '5',
      '--baseline-epochs', '10', '--crops', '1', '--check-set', 'E', '--out', 'models/head'];
    const o = parseTrainOptions(argv, 2);
    expect(o.head).toEqual({ ...DEFAULT_HEAD_CONFIG, learningRate: 6e-4, batchSize: 128, weightAverage: 0.992, order: 'pla', semanticWeight: 0.3, imageGate: true });
    expect(o.baseline.epochs).toBe(10);
    expect(o).toMatchObject({ voc: 'V', seeds: [7, 8, 9], jobs: 2, quantize: 'float16', valFrom: 20, valEvery: 5, crops: 1, checkSet: 'E', out: 'models/head', cardOnly: false });
    expect(o.command).toBe(`npm run train -- ${argv.join(' ')}`);
    expect(parseTrainOptions([]).head).toEqual(DEFAULT_HEAD_CONFIG);
  });

  it('refuses unknown and retired flags, and values it cannot use, naming them', () => {
    expect(() => parseTrainOptions(['--distill', '0.5'])).toThrow(/distill/);
    // the shipped head's command keeps two retired variants' flags, at their off values only
    expect(parseTrainOptions(['--concept', 'false', '--set-target-mix', '0']).head).toEqual(DEFAULT_HEAD_CONFIG);
    expect(() => parseTrainOptions(['--concept', 'true'])).toThrow(/--concept/);
    expect(() => parseTrainOptions(['--set-target-mix', '0.3'])).toThrow(/--set-target-mix/);
    expect(() => parseTrainOptions(['--order', 'random'])).toThrow(/--order/);
    expect(() => parseTrainOptions(['--lr', 'fast'])).toThrow(/--lr/);
    expect(() => parseTrainOptions(['--crops', '3'])).toThrow(/--crops/);
    expect(() => parseTrainOptions(['--seeds', '7', '--members', 'a'])).toThrow(/not both/);
    expect(() => parseTrainOptions(['--extra', 'P,E/', '--check-set', 'E'])).toThrow(/check set is never trained on/);
  });

  it('takes a dropout rate for the class evidence in I, from 0 to below 1', () => {
    expect(parseTrainOptions(['--evidence-dropout', '0']).head.evidenceDropout).toBe(0);
    expect(parseTrainOptions([]).head.evidenceDropout).toBeUndefined();
    for (const bad of ['1', '-0.1', 'x']) expect(() => parseTrainOptions(['--evidence-dropout', bad]), bad).toThrow(/--evidence-dropout/);
  });

  it('takes the share of I each member never sees, from 0 to below 1', () => {
    expect(parseTrainOptions(['--subspace', '0.3']).head.subspace).toBe(0.3);
    expect(parseTrainOptions([]).head.subspace).toBeUndefined();
    for (const bad of ['1', '-0.1', 'x']) expect(() => parseTrainOptions(['--subspace', bad]), bad).toThrow(/--subspace/);
  });

  it('takes a view-dropout rate from 0 to below 1', () => {
    expect(parseTrainOptions(['--view-dropout', '0.3']).head.viewDropout).toBe(0.3);
    expect(parseTrainOptions([]).head.viewDropout).toBeUndefined();
    for (const bad of ['1', '-0.1', 'x']) expect(() => parseTrainOptions(['--view-dropout', bad]), bad).toThrow(/--view-dropout/);
    expect(parseTrainOptions(['--view-dropout', '0.3', '--view-groups', 'tiles']).head.viewGroups).toEqual(['tiles']);
    expect(() => parseTrainOptions(['--view-dropout', '0.3', '--view-groups', 'nanodet'])).toThrow(/--view-groups: one or more of whole, tiles/);
    expect(() => parseTrainOptions(['--view-groups', 'whole'])).toThrow(/--view-dropout/);
    expect(parseTrainOptions(['--view-dropout', '0.3', '--view-dropout-epochs', '20']).head.viewDropoutEpochs).toBe(20);
    for (const bad of ['0', '2.5']) expect(() => parseTrainOptions(['--view-dropout', '0.3', '--view-dropout-epochs', bad])).toThrow(/--view-dropout-epochs/);
    expect(() => parseTrainOptions(['--view-dropout-epochs', '20'])).toThrow(/--view-dropout-epochs: give the rate/);
    expect(parseTrainOptions(['--view-dropout', '0.3', '--view-dropout-scope', 'joint']).head.viewDropoutScope).toBe('joint');
    expect(() => parseTrainOptions(['--view-dropout', '0.3', '--view-dropout-scope', 'gate'])).toThrow(/--view-dropout-scope: one of all, joint/);
    expect(() => parseTrainOptions(['--view-dropout-scope', 'joint'])).toThrow(/--view-dropout-scope: give the rate/);
    expect(parseTrainOptions(['--view-dropout', '0.3', '--view-dropout-inverted', 'true']).head.viewDropoutInverted).toBe(true);
    expect(parseTrainOptions(['--view-dropout', '0.3']).head.viewDropoutInverted).toBeUndefined();
    expect(() => parseTrainOptions(['--view-dropout-inverted', 'true'])).toThrow(/--view-dropout-inverted: give the rate/);
  });

  it('takes a factor for END when the trained head decodes, above 0', () => {
    expect(parseTrainOptions(['--end-scale', '1.4']).endScale).toBe(1.4);
    expect(parseTrainOptions([]).endScale).toBeUndefined();
    for (const bad of ['0', '-1', 'x', '11']) expect(() => parseTrainOptions(['--end-scale', bad]), bad).toThrow(/--end-scale/);
  });

  it('takes a learning-rate schedule by name', () => {
    expect(parseTrainOptions(['--lr-schedule', 'cosine']).head.lrSchedule).toBe('cosine');
    expect(parseTrainOptions([]).head.lrSchedule).toBeUndefined();
    expect(() => parseTrainOptions(['--lr-schedule', 'step'])).toThrow(/--lr-schedule: use one of constant, cosine/);
  });

  it('takes which columns count as class evidence, with a rate for them', () => {
    expect(parseTrainOptions(['--evidence-dropout', '0', '--evidence-scope', 'detections']).head.evidenceScope).toBe('detections');
    expect(parseTrainOptions(['--evidence-dropout', '0']).head.evidenceScope).toBeUndefined();
    expect(() => parseTrainOptions(['--evidence-dropout', '0', '--evidence-scope', 'all'])).toThrow(/--evidence-scope: use one of maxima, detections/);
    expect(() => parseTrainOptions(['--evidence-scope', 'detections'])).toThrow(/--evidence-dropout/);
  });

  it('takes the classes a crop must hold, VOC names, only with crops', () => {
    expect(parseTrainOptions(['--crops', '2', '--crop-classes', 'chair,sheep']).cropClasses).toEqual([8, 16]);
    expect(parseTrainOptions(['--crops', '1']).cropClasses).toEqual([]);
    expect(() => parseTrainOptions(['--crops', '1', '--crop-classes', 'chair,lamp'])).toThrow(/--crop-classes: lamp is not a VOC class/);
    expect(() => parseTrainOptions(['--crop-classes', 'chair'])).toThrow(/--crop-classes: give the crops per photo with --crops/);
  });

  it('takes extra training folders as a list', () => {
    expect(parseTrainOptions(['--extra', 'P,Q']).extra).toEqual(['P', 'Q']);
    expect(parseTrainOptions([]).extra).toEqual([]);
  });

  it('takes the scale augmentation\'s input sides, multiples of 64 other than the app\'s', () => {
    expect(parseTrainOptions(['--scales', '320']).scales).toEqual([320]);
    expect(parseTrainOptions(['--scales', '256,512']).scales).toEqual([256, 512]);
    expect(parseTrainOptions([]).scales).toEqual([]);
    expect(() => parseTrainOptions(['--scales', '300'])).toThrow(/--scales: .*multiples of 64/);
    expect(() => parseTrainOptions(['--scales', '64'])).toThrow(/--scales/);
    expect(() => parseTrainOptions(['--scales', String(BACKBONE_INPUT_SIZE)])).toThrow(/the app's own input side/);
  });

  it('mirrors the scaled photos only when asked, and only with sides to mirror', () => {
    expect(parseTrainOptions(['--scales', '320']).mirrorScaled).toBe(false);
    expect(parseTrainOptions(['--scales', '320', '--mirror-scaled']).mirrorScaled).toBe(true);
    expect(() => parseTrainOptions(['--mirror-scaled'])).toThrow(/--mirror-scaled: give the sides/);
  });
});
