// The CLI's help text.
export const USAGE = `distillery: submit and follow Distillery jobs

usage: distillery <command> [options]

commands:
  submit <spec.json|spec.yaml> [--wait] [--idempotency-key K]
                             submit a job spec; prints the job id
  submit --preset NAME [--wait]
                             submit a ready-made spec (see "presets")
  estimate <spec.json|spec.yaml>
  estimate --preset NAME     a worker's pre-run estimate of device time and cost; submits nothing
  presets                    list the presets
  list [--status S] [--kind K] [--limit N] [--cursor C]
                             list jobs, newest first
  get <jobId>                show a job
  watch <jobId>              follow a job's progress until it ends
  cancel <jobId>             cancel a job
  retry <jobId> [--wait]     submit a failed or cancelled job again
  scorecard <jobId> [--json|--md|--svg]
                             show the job's scorecard (whole JSON, Markdown, or an SVG Pareto chart:
                             distillery scorecard <jobId> --svg > chart.svg)
  token create <name>        create an API token (its secret is shown once)
  upload <file.jsonl|file.txt> [--kind classification|text]
                             upload your own data (JSONL {text,label} or {features,label} rows, or plain
                             text for a language model); prints upload:<id> for a spec's dataset.name

options:
  --url URL        API base URL (default $DISTILLERY_API_URL or http://localhost:4000)
  --token T        bearer token (default $DISTILLERY_TOKEN, else <$DISTILLERY_DATA_DIR or the repo's .data>/admin-token)
  --json           print JSON (list, get, submit, estimate, scorecard, upload)
  -h, --help       show this help

exit codes: 0 success; 1 the job failed or was cancelled, or the API refused; 2 bad usage, a bad spec file or a data file the API refused.
`;
