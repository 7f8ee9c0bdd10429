// Entry point of a compute child process: runs one task from the parent, reports over IPC, then exits.
import type { ChildMessage, ParentMessage } from './protocol.js';
import { ComputeReporter } from './reporter.js';
import { describeFailure } from './failures.js';

// If the worker dies (kill -9), the IPC channel closes: stop computing rather than linger as an orphan.
process.on('disconnect', () => process.exit(0));

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(message, undefined, undefined, () => resolve());
  });
}

process.once('message', (raw) => {
  // The parent is the worker that forked this process from the same checkout: the protocol's types hold by construction.
  const message = raw as ParentMessage;
  void (async () => {
    try {
      const reporter = new ComputeReporter(send);
      const { runParentMessage } = await import('./tasks.js');
      const value = await runParentMessage(message, reporter);
      await send({ type: 'result', value });
      process.exit(0);
    } catch (error) {
      await send({ type: 'error', ...describeFailure(error) });
      process.exit(1);
    }
  })();
});
