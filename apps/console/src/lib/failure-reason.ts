// Turns a failed job's recorded error into the sentence a user needs: no Temporal wrappers, no stack trace.

const WRAPPERS = [
  /^(Workflow|Activity|Application|ChildWorkflow)(Failure|Error)?\s*:\s*/i,
  /^Activity task failed\s*:?\s*/i,
  /^Workflow execution failed\s*:?\s*/i,
  /^Error\s*:\s*/,
];

export function plainFailureReason(error: string | null): string {
  if (!error || error.trim() === '') return 'The job failed without recording a reason.';
  // A stack trace starts at the first "    at " line; the message is what comes before it.
  let reason = error.split(/\n\s+at\s/)[0] ?? error;
  let changed = true;
  while (changed) {
    changed = false;
    for (const wrapper of WRAPPERS) {
      const next = reason.replace(wrapper, '');
      if (next !== reason) {
        reason = next;
        changed = true;
      }
    }
  }
  reason = reason.trim();
  if (reason === '') return 'The job failed without recording a reason.';
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}
