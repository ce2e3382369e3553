# Python anchor: importlib.metadata.entry_points(group=...) over a synthetic site-packages.
import json, sys, time
site, group = sys.argv[1], sys.argv[2]
import importlib.metadata as md
sys.path[:] = [site]  # only the synthetic distributions
t0 = time.perf_counter()
eps = md.entry_points(group=group)
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "found": len(eps)}))
