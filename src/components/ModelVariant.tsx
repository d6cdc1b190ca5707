import { headVariant } from './headVariant';
import { useStore } from '../store/store';

/** One line naming the shipped variant of the head (from its model card metadata). */
export function ModelVariant() {
  const meta = useStore((s) => s.headMeta);
  const v = headVariant(meta);
  return (
    <p className="muted model-variant" data-testid="model-variant">
      Shipped model: {v.sequenceModel}; {v.features}{v.metrics ? `; ${v.metrics}` : ''}.
    </p>
  );
}
