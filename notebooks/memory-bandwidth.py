# ---
# title: "How fast is memory? Measuring the cache hierarchy from NumPy"
# date: 2026-11-09
# tags: [performance, numpy, memory, benchmarks]
# category: Performance
# summary: "Copy arrays of growing size and the cache hierarchy appears in the timings: a
#   bandwidth curve measured on the machine that built this page, and what it means for
#   the roofline of a kernel."
# series: "Fast numerics from scratch"
# series_index: 3
# project: tinygemm
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
# ---

# %% [markdown]
# The [loop-order article](../content/articles/cache-friendly-matmul.md) argued that the
# order in which a program touches memory matters more than the arithmetic it does. This
# notebook measures the other half of that argument: how many bytes per second the memory
# system can deliver, and how that number collapses as the working set outgrows each
# level of cache.
#
# Everything below was executed when the site was built; the footer of this page says
# on which CPU. Your numbers will differ, the shape of the curve will not.
#
# ## The measurement
#
# We copy an array of $n$ float64 values into another one with `np.copyto`. A copy reads
# $8n$ bytes and writes $8n$ bytes, so the effective bandwidth is
#
# $$
# B = \frac{16 n}{t}
# $$
#
# where $t$ is the time of one copy. Small arrays are copied many times per measurement so
# that the timer's resolution does not dominate, and we keep the best of several rounds:
# the minimum is the run least disturbed by everything else the machine was doing.

# %%
import time

import numpy as np


def copy_bandwidth(n_bytes, min_seconds=0.05, rounds=5):
    """Best-of-`rounds` bandwidth (GB/s) of copying an array of `n_bytes` bytes."""
    n = max(1, n_bytes // 8)
    source = np.random.default_rng(0).random(n)
    target = np.empty_like(source)
    np.copyto(target, source)  # warm up: pages mapped, data in cache if it fits
    repeats = 1
    while True:  # enough copies per round to take at least `min_seconds`
        started = time.perf_counter()
        for _ in range(repeats):
            np.copyto(target, source)
        if time.perf_counter() - started >= min_seconds:
            break
        repeats *= 2
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(repeats):
            np.copyto(target, source)
        best = min(best, (time.perf_counter() - started) / repeats)
    return 16 * n / best / 1e9


sizes = np.unique(np.logspace(np.log10(4 * 1024), np.log10(256 * 1024**2), 22).astype(int) // 64 * 64)
bandwidth = np.array([copy_bandwidth(int(size)) for size in sizes])
print(f"{len(sizes)} sizes from {sizes[0] / 1024:.0f} KiB to {sizes[-1] / 1024**2:.0f} MiB")

# %% [markdown]
# ## The cache hierarchy, seen from Python
#
# Plotted against the array size on a logarithmic axis, the bandwidth falls in steps.
# Each plateau is a level of the memory hierarchy: while both arrays fit in a cache, the
# copy runs at that cache's speed; once they do not, every byte comes from the next level
# down.

# %% tags=["hide-input"]
#| fig-alt: Copy bandwidth in GB/s against array size from 4 KiB to 256 MiB on a log axis, falling in steps as the arrays outgrow each cache level.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(7, 3.6))
ax.semilogx(sizes / 1024, bandwidth, marker="o", markersize=3)
ax.set_xlabel("size of each array (KiB)")
ax.set_ylabel("copy bandwidth (GB/s)")
ax.set_title("np.copyto bandwidth by working-set size")
ax.grid(True, which="both", alpha=0.3)
ax.set_ylim(bottom=0)
fig.tight_layout()
plt.show()

# %% [markdown]
# Two things blur the steps. At the far left the arrays are so small that a copy takes
# well under a microsecond, and the fixed cost of calling into NumPy becomes part of what
# we time: the curve *rises* as that overhead is amortised. And on a shared or virtual
# machine the last-level cache is shared with neighbours, so the L3 plateau is noisy.
#
# The same numbers as a table, at a few sizes that usually sit inside L1, L2, L3 and main
# memory on a current x86 server core:

# %%
from IPython.display import Markdown

landmarks = {"16 KiB": 16 * 1024, "256 KiB": 256 * 1024, "8 MiB": 8 * 1024**2, "256 MiB": 256 * 1024**2}
rows = ["| array size | where it usually fits | bandwidth (GB/s) | vs. 256 MiB |", "|---|---|---:|---:|"]
slowest = bandwidth[-1]
for (label, size), place in zip(landmarks.items(), ["L1", "L2", "L3", "DRAM"], strict=True):
    value = float(np.interp(np.log(size), np.log(sizes), bandwidth))
    rows.append(f"| {label} | {place} | {value:.1f} | {value / slowest:.1f}× |")
Markdown("\n".join(rows))

# %% [markdown]
# ## What it means for a kernel: the roofline
#
# A kernel that performs $F$ floating-point operations while moving $Q$ bytes has an
# *arithmetic intensity* $I = F / Q$. With a peak compute rate $P$ and a bandwidth $B$,
# its speed is bounded by the slower of the two:
#
# $$
# \text{attainable FLOP/s} = \min(P, \; I \cdot B)
# $$
#
# A copy has $I = 0$; a dot product of two float64 vectors does $2n$ operations on $16n$
# bytes, $I = \frac{1}{8}$; a well-blocked matrix multiply reuses each loaded value
# $O(b)$ times for a block of size $b$. Measuring $P$ for a single core takes one large
# matrix product:

# %%
n = 1024
a = np.random.default_rng(1).random((n, n))
b = np.random.default_rng(2).random((n, n))
a @ b  # warm up
best = float("inf")
for _ in range(5):
    started = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - started)
peak = 2 * n**3 / best / 1e9
print(f"matmul n={n}: {best * 1e3:.1f} ms, {peak:.1f} GFLOP/s")

# %% tags=["hide-input"]
#| fig-alt: Roofline chart: attainable GFLOP/s against arithmetic intensity, the sloped line set by DRAM and L1 bandwidths and the flat roof at the measured matmul rate.
intensity = np.logspace(-3, 3, 200)
fig, ax = plt.subplots(figsize=(7, 3.6))
for label, bw in [("DRAM bandwidth", bandwidth[-1]), ("L1 bandwidth", bandwidth.max())]:
    ax.loglog(intensity, np.minimum(peak, intensity * bw), label=f"{label} ({bw:.0f} GB/s)")
for name, value in [("copy-like\n(I≈1/16)", 1 / 16), ("dot product\n(I=1/8)", 1 / 8), ("blocked matmul\n(I≈50)", 50)]:
    ax.axvline(value, color="gray", alpha=0.4, linestyle="--")
    ax.annotate(name, (value, peak / 30), fontsize=8, ha="center")
ax.set_xlabel("arithmetic intensity (FLOP/byte)")
ax.set_ylabel("attainable GFLOP/s")
ax.set_title(f"Roofline of this machine (peak measured: {peak:.0f} GFLOP/s)")
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Takeaways
#
# - Bandwidth is not one number: the same copy runs several times faster when its data
#   lives in L1 than when it streams from DRAM.
# - Kernels with low intensity (copies, dot products, most element-wise NumPy) sit on the
#   sloped part of the roofline: making them faster means moving fewer bytes, not doing
#   fewer operations.
# - Blocking raises intensity by reusing data while it is in cache, which is exactly how
#   the tiled loop of the matmul article and BLAS reach the flat part of the roof.
