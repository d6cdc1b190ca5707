import { useShallow } from 'zustand/react/shallow';
import { selectSelectedImage, useStore } from '../store/store';
import { BeamTree } from '../viz/BeamTree';
import { Controls } from './Controls';
import { DetailsPanel } from './DetailsPanel';
import { DropZone } from './DropZone';
import { EvidencePhoto } from './EvidencePhoto';
import { Gallery } from './Gallery';
import { Header } from './Header';
import { LabelSet } from './LabelSet';
import { LoadProgress } from './LoadProgress';
import { Notices } from './Notices';
import { PathExplainer } from './PathExplainer';

/** The page: drop photos anywhere, pick one, explore its beam search. `embed` trims the chrome; `drop` lets an embed take photos. */
export function App({ embed, drop = false }: { embed: boolean; drop?: boolean }) {
  const image = useStore(selectSelectedImage);
  const { phase, labels } = useStore(useShallow((s) => ({ phase: s.phase, labels: s.labels })));
  return (
    <DropZone embed={embed} accept={!embed || drop}>
      <div className={embed ? 'app embed' : 'app'}>
        <Header embed={embed} />
        <Notices embed={embed} />
        {phase !== 'ready' && <LoadProgress />}
        <main className="layout">
          {!embed && <Gallery />}
          <section className="workspace" aria-label="Selected image">
            {!image && <EmptyState />}
            {image && (
              <>
                <div className="image-row">
                  <EvidencePhoto image={image} labels={labels} />
                  <LabelSet image={image} labels={labels} />
                </div>
                {image.status === 'error' && <p className="error-text" role="alert">{image.error}</p>}
                {(image.status === 'queued' || image.status === 'running') && <p className="muted">{phase === 'ready' ? 'Running the CNN…' : 'Waiting for the model…'}</p>}
                {image.beam && (
                  <>
                    <Controls image={image} compact={embed} />
                    <div className="tree-and-details">
                      <BeamTree result={image.beam} labels={labels} />
                      {!embed && <DetailsPanel image={image} labels={labels} />}
                    </div>
                    {!embed && <PathExplainer image={image} labels={labels} />}
                  </>
                )}
              </>
            )}
          </section>
        </main>
      </div>
    </DropZone>
  );
}

function EmptyState() {
  return (
    <div className="empty">
      <h2>Drop photos anywhere on this page</h2>
      <p>…or pick files, paste an image, or try a sample. Photos are classified in your browser and never uploaded.</p>
      <p className="muted">
        A CNN describes the photo; an LSTM then names its labels one at a time (Wang et al., CVPR 2016), and a
        beam search keeps the N most probable label sequences at each step. You will see that search as a tree:
        every branch with its probability, what was pruned, and where and why it stopped.
      </p>
    </div>
  );
}
