import cliProgress from 'cli-progress';

/**
 * A progress bar on a terminal; on a pipe or in CI, a line per phase instead, so logs stay
 * readable.
 */
export function createProgress(label: string) {
  const tty = Boolean(process.stderr.isTTY);
  const bar = tty
    ? new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% {phase}`, hideCursor: true, stream: process.stderr, fps: 10 }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  let lastPhase = '';
  return {
    update(fraction: number, phase = '') {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      if (bar) {
        if (!started) bar.start(100, 0, { phase });
        started = true;
        bar.update(pct, { phase });
      } else if (phase !== lastPhase) {
        process.stderr.write(`${label}: ${phase}\n`);
      }
      lastPhase = phase;
    },
    stop() {
      if (bar && started) bar.stop();
    },
  };
}
