/**
 * A terminal progress bar for the examples: the packages report progress through
 * `onProgress(done, total)` callbacks, and this turns those calls into a bar on stderr.
 * On a terminal the bar redraws in place; elsewhere (CI logs, files) it prints a line at
 * every tenth of the work so that logs stay short.
 */
export interface ProgressBar {
  /** Reports that `done` of `total` units are finished. */
  update(done: number, total: number): void;
  /** Ends the bar with a final line that gives the elapsed time. */
  finish(note?: string): void;
}

/**
 * Starts a progress bar for one step.
 * @param label - What the step does, shown before the bar.
 * @returns The bar; call `update` from an `onProgress` callback and `finish` at the end.
 */
export function startProgress(label: string): ProgressBar {
  const stream = process.stderr;
  const startedMs = Date.now();
  const isTerminal = stream.isTTY === true;
  let lastTenth = -1;
  let lastDrawMs = 0;
  let lastDone = 0;
  let lastTotal = 0;

  const line = (done: number, total: number): string => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const width = 28;
    const filled = Math.round(fraction * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const seconds = (Date.now() - startedMs) / 1000;
    const eta = fraction > 0 && fraction < 1 ? seconds / fraction - seconds : 0;
    const etaText = eta > 0 ? `, ${eta.toFixed(0)} s left` : '';
    return `${label.padEnd(34)} [${bar}] ${done}/${total} (${seconds.toFixed(1)} s${etaText})`;
  };

  return {
    update(done, total) {
      lastDone = done;
      lastTotal = total;
      if (isTerminal) {
        const now = Date.now();
        if (now - lastDrawMs < 100 && done < total) return;
        lastDrawMs = now;
        stream.write(`\r${line(done, total)}`);
        return;
      }
      const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${line(done, total)}\n`);
      }
    },
    finish(note) {
      const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
      const text = `${label.padEnd(34)} done in ${seconds} s${note ? ` (${note})` : ''}`;
      if (isTerminal) stream.write(`\r${line(lastTotal || 1, lastTotal || 1)}\n`);
      stream.write(`${text}\n`);
      void lastDone;
    },
  };
}
