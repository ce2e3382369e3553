"""Median ms of PyYAML's safe_load (the pure-Python loader PydaConf uses) over N runs of one file."""
import json
import sys
import time

import yaml

path, runs = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
yaml.safe_load(text)  # warm-up
samples = []
for _ in range(runs):
    t = time.perf_counter()
    yaml.safe_load(text)
    samples.append((time.perf_counter() - t) * 1000)
samples.sort()
print(json.dumps({"ms": samples[len(samples) // 2], "version": yaml.__version__}))
