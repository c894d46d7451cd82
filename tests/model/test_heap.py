"""The allocator keeps freed arrays for reuse, and gives them back between phases.

Each case runs in a fresh interpreter: malloc's thresholds are process-wide and, once
set, cannot be told apart from the defaults inside this test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from perfkit.model.scale.heap import _glibc

pytestmark = pytest.mark.skipif(_glibc() is None, reason="needs glibc's mallopt")

#: Allocate, free and allocate again a 64 MB array; count the page faults of the second.
_REUSE = """
import json, resource, numpy as np
from perfkit.model.scale.heap import keep_freed_memory
took = keep_freed_memory() if {keep} else None
a = np.ones(8_000_000); del a
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
b = np.ones(8_000_000)
print(json.dumps({{"took": took, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0}}))
"""

#: Fill 400 MB of heap in 4 MB arrays, free them, give the pages back; resident MB after.
_GIVE_BACK = """
import json, numpy as np, psutil
from perfkit.model.scale.heap import give_back_freed_memory, keep_freed_memory
keep_freed_memory()
p = psutil.Process()
base = p.memory_info().rss
arrays = [np.ones(500_000) for _ in range(100)]
full = p.memory_info().rss
del arrays
kept = p.memory_info().rss
give_back_freed_memory()
print(json.dumps({"full": (full - base) / 1e6, "kept": (kept - base) / 1e6,
                  "after": (p.memory_info().rss - base) / 1e6}))
"""


def _run(code: str) -> dict:
    # NumPy's transparent huge pages fault 2 MB at a time; count 4 kB pages instead
    env = {**os.environ, "NUMPY_MADVISE_HUGEPAGE": "0"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_freed_array_is_reused_without_faulting_its_pages_in_again():
    default, kept = _run(_REUSE.format(keep=False)), _run(_REUSE.format(keep=True))
    pages = 64_000_000 // 4096
    assert kept["took"] is True
    assert default["faults"] > pages // 2  # the default maps a fresh array every time
    assert kept["faults"] < pages // 20


def test_freed_memory_stays_until_given_back_at_the_end_of_a_phase():
    mb = _run(_GIVE_BACK)
    assert mb["full"] > 350
    assert mb["kept"] > 0.8 * mb["full"]  # kept for reuse while the phase runs
    assert mb["after"] < 0.2 * mb["full"]  # handed back to the kernel after it
