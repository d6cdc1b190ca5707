import type { BeamResult } from '../model/search/beamTypes';
import { describeStop, describeStopShort } from './describe';
import { TREE } from './treeConfig';

/**
 * Where and why the search stopped, beside the stop line: the sentence, or its short form on
 * small screens (CSS picks one). Right-aligned to the line when it fits, else from the left edge.
 */
export function StopText({ result, stopX }: { result: BeamResult; stopX: number }) {
  const long = describeStop(result);
  const short = describeStopShort(result);
  const x = (text: string) => Math.max(4, stopX - 16 - text.length * TREE.stopCharWidth);
  return (
    <>
      <text className="stop-text stop-long" x={x(long)} y={14} data-testid="stop-marker">{long}</text>
      <text className="stop-text stop-short" x={x(short)} y={14} data-testid="stop-marker-short">{short}</text>
    </>
  );
}
