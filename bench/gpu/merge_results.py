# Merges bench/gpu's WebGPU results (one or more gpu-results*.json) with the PyTorch twins into the rows of
# bench/results/training-gpu.json: {model, batch, backend, oursStepsPerSec, pytorchStepsPerSec, ratio, tflops} + matmul.
# Usage: python3 merge_results.py --twins T.json --out OUT.json --command "..." TFJS.json [TFJS2.json ...]
import argparse
import datetime
import json
import os
import sys

GOAL_RATIO = 0.5


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def backend_name(results, config_name):
    name = 'webgpu'
    toggles = (results.get('webgpu') or {}).get('dawnOptions') or []
    if toggles:
        name += ' [dawn ' + ' '.join(toggles) + ']'
    if config_name != 'stock':
        name += f' ({config_name})'
    return name


def ratio(ours, theirs):
    return round(ours / theirs, 4) if ours and theirs else None


def rows_for(results, twins):
    rows = []
    twin_rows = {(t['model'], t['batch'], t['syncEachStep']): t for t in (twins or {}).get('training', [])}
    matmul = results.get('matmul') or {}
    twin_mm = (twins or {}).get('matmul') or {}
    n = matmul.get('n', 4096)
    for variant in matmul.get('variants', []):
        if not variant.get('valid') or variant.get('tflops') is None:
            continue
        per_sec = variant['tflops'] * 1e12 / (2 * n ** 3)
        rows.append({
            'model': f'matmul-{n}x{n}x{n}', 'batch': None, 'backend': backend_name(results, variant['config']['name']),
            'oursStepsPerSec': round(per_sec, 3), 'pytorchStepsPerSec': round(twin_mm['perSec'], 3) if twin_mm.get('perSec') else None,
            'ratio': ratio(per_sec, twin_mm.get('perSec')), 'tflops': round(variant['tflops'], 3),
            'pytorchTflops': round(twin_mm['tflops'], 3) if twin_mm.get('tflops') else None,
        })
    for r in results.get('training', []):
        if r.get('stepsPerSec') is None:
            continue
        twin = twin_rows.get((r['model'], r['batch'], r.get('syncEachStep', False)))
        theirs = twin['stepsPerSec'] if twin else None
        backend = backend_name(results, r['config']['name'])
        if r.get('syncEachStep'):
            backend += ' loss read every step'
        rows.append({
            'model': r['model'], 'batch': r['batch'], 'backend': backend,
            'oursStepsPerSec': round(r['stepsPerSec'], 3), 'pytorchStepsPerSec': round(theirs, 3) if theirs else None,
            'ratio': ratio(r['stepsPerSec'], theirs), 'tflops': round(r['tflops'], 4),
            'pytorchTflops': round(twin['tflops'], 4) if twin else None,
        })
    return rows


def best(rows, model, batch=None):
    candidates = [r for r in rows if r['model'] == model and (batch is None or r['batch'] == batch) and r['ratio'] is not None and 'every step' not in r['backend']]
    return max(candidates, key=lambda r: r['ratio'], default=None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--twins', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--command', default='')
    parser.add_argument('tfjs', nargs='+')
    args = parser.parse_args()
    twins = load(args.twins)
    runs = [(p, load(p)) for p in args.tfjs]
    rows, checks, sources = [], [], []
    for path, results in runs:
        if results is None:
            sources.append({'file': os.path.basename(path), 'missing': True})
            continue
        sources.append({'file': os.path.basename(path), 'label': results.get('label'), 'dawnOptions': (results.get('webgpu') or {}).get('dawnOptions'),
                        'error': results.get('error'), 'checksPassed': results.get('checksPassed'), 'tuned': results.get('tuned'),
                        'wallSeconds': results.get('wallSeconds')})
        rows.extend(rows_for(results, twins))
        checks.append({'label': results.get('label'), 'checks': results.get('checks'), 'passed': results.get('checksPassed')})
    primary = runs[0][1] or {}
    n = (primary.get('matmul') or {}).get('n', 4096)
    goals = {}
    for key, model, batch in (('mlp8192', 'mlp-784-800-800-10', 8192), ('charTransformer', 'char-transformer-l4-d256-h4-t128', 32), ('matmul4096', f'matmul-{n}x{n}x{n}', None)):
        top = best(rows, model, batch)
        goals[key] = {'bestRatio': top['ratio'] if top else None, 'backend': top['backend'] if top else None, 'goal': GOAL_RATIO,
                      'met': bool(top and top['ratio'] >= GOAL_RATIO)}
    merged = {
        'schema': 'distillery.training-gpu/1',
        'generatedAt': datetime.datetime.now(datetime.timezone.utc).isoformat(),
        'command': args.command,
        'hardware': (primary.get('backend') or {}).get('hardware'),
        'ours': {'backend': primary.get('backend'), 'webgpu': primary.get('webgpu')},
        'pytorch': {k: (twins or {}).get(k) for k in ('torch', 'cuda', 'cudnn', 'device', 'settings', 'error')},
        'rows': rows,
        'goals': goals,
        'numericChecks': checks,
        'numericChecksPassed': bool(checks) and all(c['passed'] for c in checks[:1]),
        'profiles': primary.get('profiles'),
        'mlp8192Grid': primary.get('mlp8192Grid'),
        'sources': sources,
    }
    with open(args.out, 'w') as f:
        json.dump(merged, f, indent=2)
    for r in rows:
        print(f"{r['model']:<34} {str(r['batch']):>5} {r['backend']:<70} ours {r['oursStepsPerSec']:>10} torch {str(r['pytorchStepsPerSec']):>10} ratio {str(r['ratio']):>7} {r['tflops']} TFLOP/s")
    print(json.dumps(goals))
    return 0 if merged['numericChecksPassed'] else 1


if __name__ == '__main__':
    sys.exit(main())
