/** A one-line progress bar on stderr for long CLI steps (no-op when stderr is not a terminal). */
export function progressBar(label: string, total: number): { tick(n?: number): void; done(): void } {
  const start = Date.now();
  let count = 0;
  let lastDraw = 0;
  const tty = process.stderr.isTTY;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < 500) return;
    lastDraw = now;
    const frac = total === 0 ? 1 : count / total;
    const secs = (now - start) / 1000;
    const eta = count > 0 ? (secs / count) * (total - count) : 0;
    const bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '.');
    const line = `${label} [${bar}] ${count}/${total} ${secs.toFixed(0)}s eta ${eta.toFixed(0)}s`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (force || count % Math.max(1, Math.round(total / 10)) === 0) process.stderr.write(`${line}\n`);
  };
  return {
    tick(n = 1) { count += n; draw(false); },
    done() { draw(true); if (tty) process.stderr.write('\n'); },
  };
}
