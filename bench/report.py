#!/usr/bin/env python3
"""Merges the benchmark results (target/bench/*.json) into bench/results/latest.json and
latest.md: each headline figure on H2, on PostgreSQL and on PostgreSQL with Camunda's default
settings, with its ratio to those defaults and to pgbench on the same PostgreSQL.
Usage: bench/report.py <results dir> <quick|full>"""
import datetime, glob, json, os, platform, subprocess, sys

out, label = sys.argv[1], sys.argv[2]
results = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, '*.json')))]
def find(workload, database, config='siyu'):
    return next((r for r in results if r['workload'] == workload and r['database'] == database
                 and r['config'] == config), None)

commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], capture_output=True,
                       text=True).stdout.strip()
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')),
           platform.processor())
mem = next((int(l.split()[1]) // 1024 // 1024 for l in open('/proc/meminfo') if l.startswith('MemTotal')), None)
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]

# workload, figure, what it measures, target, higher is better
HEADLINES = [
    ('launch', 'at_timer_per_s', 'mass launch: instances started → rules → at the 24 h timer, per s', 1000, True),
    ('timer-storm', 'jobs_per_s', 'timer storm: due timers executed per s', 1000, True),
    ('correlation', 'events_per_s', 'Purchased events correlated per s', 1000, True),
    ('correlation', 'p95_ms', 'Purchased event p95 latency, ms', 20, False),
    ('rules', 'customers_per_s', 'rules (RFM + activity + hero tier), customers per s, one thread', 200000, True),
    ('dispatch', 'messages_per_s', 'dispatch to a local SMS vendor fake, messages per s', 2000, True),
    ('intake', 'batch_events_per_s', 'intake, batches of 500 over HTTP: events accepted per s', 3000, True),
    ('intake', 'batch_request_p95_ms', 'intake, batch of 500: request p95, ms', None, False),
    ('intake', 'batch_notified_per_s', 'batched events handed to journeys per s (notifier, from first batch to empty inbox)', None, True),
    ('intake', 'single_events_per_s', 'intake, one event per request: events accepted per s', None, True),
    ('intake', 'single_request_p95_ms', 'intake, one event per request: p95, ms', None, False),
    ('bulk-layering', 'bulk_layering_customers_per_s', 'stored layering (5 rule sets), customers per s', None, True),
    ('audience', 'import_customers_s', 'CSV import of the customers (1,000,000 in the full run) over HTTP, s', 60, False),
    ('audience', 'import_order_rows_per_s', 'CSV import of orders, order lines per s', None, True),
    ('audience', 'preview_hero_followers_not_friends_ms_max', 'segment preview: hero buyers ∩ OA − WeCom friends, max of 5, ms', 1000, False),
    ('audience', 'preview_important_value_minus_bought_7d_ms_max', 'segment preview: RFM important value − bought in 7 days, max of 5, ms', 1000, False),
    ('audience', 'preview_active_not_buying_ms_max', 'segment preview: logged in ≥2× in 30 days, no purchase, no orders, max of 5, ms', 1000, False),
    ('audience', 'preview_big_spenders_in_shanghai_by_sms_ms_max', 'segment preview: spent > 150 ∩ Shanghai ∩ SMS-reachable, max of 5, ms', 1000, False),
]
# what each workload's size counts: the audience workload's events are its customers' history
SIZE_KEYS = {'launch': 'launched', 'correlation': 'events', 'timer-storm': 'due_timers', 'rules': 'customers',
             'dispatch': 'messages', 'intake': 'batch_events', 'bulk-layering': 'customers', 'audience': 'customers'}
def size_of(workload, figures):
    if workload in SIZE_KEYS:
        return figures.get(SIZE_KEYS[workload])
    return next((figures[k] for k in ('launched', 'events', 'due_timers', 'customers', 'messages', 'batch_events')
                 if figures.get(k)), None)

baseline = find('postgres-baseline', 'postgres') or {}
rows = []
for workload, key, what, target, higher in HEADLINES:
    h2, pg, dflt = (find(workload, 'h2') or {}), (find(workload, 'postgres') or {}), \
        (find(workload, 'postgres', 'camunda-defaults') or {})
    row = {'workload': workload, 'figure': key, 'measure': what, 'target': target,
           'h2': h2.get(key), 'postgres': pg.get(key), 'postgres_camunda_defaults': dflt.get(key),
           'size': size_of(workload, pg)}
    if pg.get(key) is not None and target is not None:
        row['meets_target'] = pg[key] >= target if higher else pg[key] <= target
    if higher and pg.get(key) and dflt.get(key):
        row['x_camunda_defaults'] = round(pg[key] / dflt[key], 2)
    if higher and pg.get(key) and workload not in ('rules',):
        for name in ('tpcb_4_clients_tps', 'insert_4_clients_tps'):
            if baseline.get(name):
                row['share_of_' + name] = round(pg[key] / baseline[name], 4)
    rows.append(row)

report = {'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), 'run': label,
          'commit': commit + ('+changes' if dirty else ''), 'machine': f'{os.cpu_count()} cores, {cpu}, {mem} GiB',
          'java': java, 'headlines': rows, 'postgres_baseline': baseline, 'results': results}
os.makedirs('bench/results', exist_ok=True)
json.dump(report, open('bench/results/latest.json', 'w'), indent=2, ensure_ascii=False)

def pct(v):
    return '–' if v is None else f'{v * 100:.1f} %'
def fmt(v):
    if v is None: return '–'
    if isinstance(v, float): return f'{v:,.1f}' if v < 100 else f'{v:,.0f}'
    if isinstance(v, int): return f'{v:,}'
    return str(v)
lines = [f"Run of {report['date'][:10]} ({label}), commit `{report['commit']}`, {report['machine']}, {java}.", '',
         '| measure | size | target | H2 | PostgreSQL | PG, Camunda defaults | × defaults | of pgbench TPC-B | of single-row inserts |',
         '|---|---|---|---|---|---|---|---|---|']
for r in rows:
    mark = '' if 'meets_target' not in r else (' ✓' if r['meets_target'] else ' ✗')
    lines.append(f"| {r['measure']} | {fmt(r['size'])} | {fmt(r['target'])} | {fmt(r['h2'])} | {fmt(r['postgres'])}{mark} "
                 f"| {fmt(r['postgres_camunda_defaults'])} | {fmt(r.get('x_camunda_defaults'))} "
                 f"| {pct(r.get('share_of_tpcb_4_clients_tps'))} | {pct(r.get('share_of_insert_4_clients_tps'))} |")
if baseline:
    lines += ['', f"PostgreSQL {baseline.get('server')} (fsync {baseline.get('fsync')}, synchronous_commit "
              f"{baseline.get('synchronous_commit')}, shared_buffers {baseline.get('shared_buffers')}): pgbench TPC-B "
              f"{fmt(baseline.get('tpcb_1_client_tps'))} tps from 1 client, {fmt(baseline.get('tpcb_4_clients_tps'))} from 4; "
              f"single-row insert {fmt(baseline.get('insert_1_client_tps'))} tps from 1 client, "
              f"{fmt(baseline.get('insert_4_clients_tps'))} from 4."]
for workload, size, keys in (('launch', 'launched', ('started_per_s', 'at_timer_per_s')),
                             ('correlation', 'events', ('waiting_instances', 'events_per_s', 'p50_ms', 'p95_ms', 'p99_ms'))):
    lines += ['', f'Scale curve, {workload}:', '',
              '| database | config | ' + size + ' | ' + ' | '.join(keys) + ' |', '|---|---|---|' + '---|' * len(keys)]
    for r in results:
        if r['workload'] == workload:
            for point in r.get('curve', []):
                lines.append(f"| {r['database']} | {r['config']} | {fmt(point.get(size))} | "
                             + ' | '.join(fmt(point.get(k)) for k in keys) + ' |')
open('bench/results/latest.md', 'w').write('\n'.join(lines) + '\n')
print('\n'.join(lines))
