# Runs inside gdb (gdb -batch -x gdb_probe.py) attached to QEMU: sets a
# breakpoint per marker, and at the first hit of each records what gdb shows
# (bt, info args/locals per frame, print/ptype of chosen expressions), the
# registers and raw memory, then continues. Writes JSON to the output path.
import gdb
import json
import os

cfg = json.load(open(os.environ['REWIND_PROBE_CONFIG']))
for cmd in ['set pagination off', 'set confirm off', 'set width 0', 'set height 0', 'set print pretty off']:
    gdb.execute(cmd)
gdb.execute('target remote :%d' % cfg['port'], to_string=True)

REGS = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6',
        'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6']


def run(cmd):
    try:
        return gdb.execute(cmd, to_string=True)
    except gdb.error as e:
        return 'error: ' + str(e)


def strip_history(text):
    if text.startswith('$'):
        return text.split(' = ', 1)[1].rstrip('\n')
    return text.rstrip('\n')


result = {'breakpoints': {}, 'stops': []}
by_number = {}
for m in cfg['markers']:
    before = len(gdb.breakpoints())
    out = run('break %s:%d' % (m['file'], m['line']))
    bp = gdb.breakpoints()[-1] if len(gdb.breakpoints()) > before else None
    if bp is None or out.startswith('error'):
        result['breakpoints'][m['name']] = {'error': out}
        continue
    by_number[bp.number] = (m, bp)
    info = run('info breakpoints %d' % bp.number)
    result['breakpoints'][m['name']] = {'info': info}

for fn in cfg.get('functions', []):
    out = run('info line %s' % fn)
    before = len(gdb.breakpoints())
    bp_out = run('break %s' % fn)
    result['breakpoints']['fn:' + fn] = {'info': bp_out, 'line': out}
    if len(gdb.breakpoints()) > before:
        gdb.breakpoints()[-1].delete()

def frames_of(newest):
    out = []
    f = newest
    while f is not None and len(out) < 64:
        out.append({'pc': int(f.pc()) & 0xffffffff, 'name': f.name() or '??'})
        try:
            f = f.older()
        except Exception:
            out.append({'pc': 0, 'name': '<unwind error>'})
            break
    return out


if 'stepi' in cfg:
    # Single-step from an address, recording gdb's frames at every instruction.
    gdb.execute('break *%d' % cfg['stepi']['address'], to_string=True)
    gdb.execute('continue', to_string=True)
    gdb.breakpoints()[-1].delete()
    steps = []
    inf = gdb.selected_inferior()
    data = bytes(inf.read_memory(cfg['dataStart'], cfg['dataEnd'] - cfg['dataStart'])).hex()
    for i in range(cfg['stepi']['count']):
        frame0 = gdb.newest_frame()
        regs = {}
        for r in REGS + ['pc']:
            regs[r] = int(frame0.read_register(r)) & 0xffffffff
        stack = bytes(inf.read_memory(regs['sp'], cfg['stackTop'] - regs['sp'])).hex()
        steps.append({'regs': regs, 'stack': stack, 'frames': frames_of(frame0)})
        try:
            gdb.execute('stepi', to_string=True)
        except Exception:
            break
    with open(cfg['output'], 'w') as fh:
        json.dump({'steps': steps, 'data': data}, fh)
    run('kill')
    gdb.execute('quit')

last_stop = {'bps': []}


def on_stop(event):
    last_stop['bps'] = list(getattr(event, 'breakpoints', []))


gdb.events.stop.connect(on_stop)

while True:
    last_stop['bps'] = []
    out = run('continue')
    if out.startswith('error'):
        result['end'] = out
        break
    hit = [b for b in last_stop['bps'] if b.number in by_number and b.enabled]
    if not hit:
        result['stops'].append({'unexpected': out})
        continue
    b = hit[0]
    m, _ = by_number[b.number]
    b.enabled = False
    frame0 = gdb.newest_frame()
    regs = {}
    for r in REGS + ['pc']:
        regs[r] = int(frame0.read_register(r)) & 0xffffffff
    sp = regs['sp']
    inf = gdb.selected_inferior()
    stack = bytes(inf.read_memory(sp, cfg['stackTop'] - sp)).hex()
    data = bytes(inf.read_memory(cfg['dataStart'], cfg['dataEnd'] - cfg['dataStart'])).hex()
    frames = []
    i = 0
    f = frame0
    while f is not None and i < 32:
        gdb.execute('frame %d' % i, to_string=True)
        frames.append({'args': run('info args'), 'locals': run('info locals')})
        f = f.older()
        i += 1
    gdb.execute('frame 0', to_string=True)
    prints = {}
    for e in m.get('print', []):
        prints[e] = strip_history(run('print ' + e))
    ptypes = {}
    for e in m.get('ptype', []):
        ptypes[e] = strip_history(run('ptype ' + e))
    result['stops'].append({'marker': m['name'], 'stopText': out, 'regs': regs, 'stack': stack, 'data': data,
                            'bt': run('bt'), 'frames': frames, 'prints': prints, 'ptypes': ptypes})
    if all(not bb.enabled for _, (mm, bb) in by_number.items()):
        break

with open(cfg['output'], 'w') as fh:
    json.dump(result, fh)
run('kill')
