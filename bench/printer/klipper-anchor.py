# Anchor for bench/printer: Klipper's own dispatcher (klippy/gcode.py from a
# Klipper checkout given as argv[1]) running the same lines with no-op
# handlers. Prints one JSON line: lines per second for each kind of line.
import json, sys, time, os
sys.path.insert(0, os.path.join(sys.argv[1], 'klippy'))
import gcode

class Mutex:
    def __enter__(self): return self
    def __exit__(self, *a): return False

class Reactor:
    def mutex(self): return Mutex()

class Printer:
    def get_start_args(self): return {}
    def register_event_handler(self, *a): pass
    def get_reactor(self): return Reactor()
    def send_event(self, *a): return []

def rate(lines, rounds):
    d = gcode.GCodeDispatch(Printer())
    d._handle_ready()
    d.register_command('G1', lambda gcmd: None)
    d.register_command('SET_THING', lambda gcmd: None)
    best = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        d._process_commands(lines, need_ack=False)
        best.append(len(lines) / (time.perf_counter() - t0))
    best.sort()
    return best[len(best) // 2]

n = int(sys.argv[2])
g1 = ['G1 X%d.5 Y%d.25 F3000' % (i % 200, (i * 7) % 200) for i in range(n)]
ext = ['SET_THING A=%d B=two C=%d.5' % (i, i % 9) for i in range(n)]
print(json.dumps({'g1': rate(g1, 5), 'extended': rate(ext, 5)}))
