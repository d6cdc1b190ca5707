import { useShallow } from 'zustand/react/shallow';
import { selectSelectedImage, useStore } from '../store/store';
import { BeamTree } from '../viz/BeamTree';
import { Controls } from './Controls';
import { DetailsPanel } from './DetailsPanel';
import { DropZone } from './DropZone';
import { EvidencePhoto } from './EvidencePhoto';
import { Gallery } from './Gallery';
import { GuideBar } from './GuideBar';
import { GuideHint } from './GuideHint';
import { Header } from './Header';
import { LabelSet } from './LabelSet';
import { LoadProgress } from './LoadProgress';
import { Notices } from './Notices';
import { PathExplainer } from './PathExplainer';

/**
 * The page: drop photos anywhere, pick one, explore its beam search. `embed` trims the chrome (and
 * shows no first-load guide); `drop` lets an embed take photos.
 */
export function App({ embed, drop = false }: { embed: boolean; drop?: boolean }) {
  const image = useStore(selectSelectedImage);
  const { phase, labels, guideDismissed } = useStore(useShallow((s) => ({ phase: s.phase, labels: s.labels, guideDismissed: s.guideDismissed })));
  const guide = !embed && !guideDismissed && !!image?.beam;
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
                {guide && <GuideBar />}
                <div className="image-row">
                  <EvidencePhoto image={image} labels={labels} />
                  <LabelSet image={image} labels={labels} />
                  {guide && <GuideHint step={2}>The evidence: hover a node of the tree to light up where in the photo its label comes from; a click pins its map beside the photo.</GuideHint>}
                </div>
                {image.status === 'error' && <p className="error-text" role="alert">{image.error}</p>}
                {(image.status === 'queued' || image.status === 'running') && <p className="muted">{phase === 'ready' ? 'Running the CNN…' : 'Waiting for the model…'}</p>}
                {image.beam && (
                  <>
                    <Controls image={image} compact={embed} />
                    <div className="tree-and-details">
                      <BeamTree result={image.beam} labels={labels} />
                      {!embed && <DetailsPanel image={image} labels={labels} />}
                      {guide && <GuideHint step={1}>The tree: every box is a label sequence the beam search tried, the best in green. Hover a box for its probabilities; click one to select it.</GuideHint>}
                    </div>
                    {!embed && (
                      <div className="explain-host">
                        <PathExplainer image={image} labels={labels} />
                        {guide && <GuideHint step={3}>The path effect: how the selected path changes the chance that each other label ends up in the set.</GuideHint>}
                      </div>
                    )}
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
