import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { loadSample, SAMPLES } from '../samples';
import { useStore } from '../store/store';

/**
 * The whole page accepts dropped files and pasted images; a bar offers a picker and samples.
 * With `accept` false (an embed without &drop=1) it is only a frame: no picker, drops ignored.
 */
export function DropZone({ children, embed = false, accept = true }: { children: ReactNode; embed?: boolean; accept?: boolean }) {
  const addFiles = useStore((s) => s.addFiles);
  const notify = useStore((s) => s.notify);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!accept) return undefined;
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) addFiles(files);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [addFiles, accept]);

  const onDrop = useCallback((e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length) addFiles(files);
    else notify('Nothing to classify was dropped: drop image files from your computer.', 'info');
  }, [addFiles, notify]);

  if (!accept) {
    // a frame only: a file dropped here must not open in place of the page either
    const ignore = (e: React.DragEvent) => e.preventDefault();
    return <div className="drop-zone" data-testid="drop-zone" data-accept="false" onDragOver={ignore} onDrop={ignore}>{children}</div>;
  }
  return (
    <div
      className={dragging ? 'drop-zone dragging' : 'drop-zone'} data-testid="drop-zone" data-accept="true"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
      onDrop={onDrop}
    >
      <div className="input-bar">
        <button type="button" onClick={() => input.current?.click()}>Choose photos…</button>
        <input
          ref={input} type="file" accept="image/*" multiple hidden data-testid="file-input"
          onChange={(e) => { addFiles(Array.from(e.target.files ?? [])); e.target.value = ''; }}
        />
        <span className="muted">or drop / paste them{embed ? '' : ' · samples:'}</span>
        {!embed && SAMPLES.map((s) => (
          <button
            key={s.file} type="button" className="link" data-testid="sample" data-sample={s.file}
            onClick={() => loadSample(s.file).then((f) => addFiles([f]), (err: Error) => notify(err.message))}
          >
            {s.title}
          </button>
        ))}
      </div>
      {children}
      {dragging && <div className="drop-overlay" aria-hidden>Drop to classify</div>}
    </div>
  );
}
