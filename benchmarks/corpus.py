"""A deterministic corpus of realistic technical articles for build benchmarks.

Each article has about 1,200 words of prose in several sections, code blocks in
three languages, a table, a list and inline code. Headers are Pelican's
``Key: value`` style, which vanilla Pelican and inkfolio both read, so the two
builds read the very same files.
"""

import random
from pathlib import Path

VOCABULARY = [
    "allocation",
    "allocator",
    "alignment",
    "amortized",
    "arena",
    "array",
    "assembly",
    "atomic",
    "backpressure",
    "bandwidth",
    "batch",
    "benchmark",
    "branch",
    "buffer",
    "bytecode",
    "cache",
    "cacheline",
    "callback",
    "channel",
    "checkpoint",
    "checksum",
    "chunk",
    "client",
    "clock",
    "closure",
    "coalescing",
    "codec",
    "column",
    "commit",
    "compiler",
    "compression",
    "concurrency",
    "consistency",
    "container",
    "contention",
    "coroutine",
    "counter",
    "cursor",
    "dataflow",
    "deadline",
    "decoder",
    "dependency",
    "deserialization",
    "determinism",
    "dispatch",
    "distribution",
    "driver",
    "durability",
    "encoder",
    "endpoint",
    "epoch",
    "eviction",
    "executor",
    "exponent",
    "fairness",
    "fault",
    "fence",
    "fiber",
    "flush",
    "footprint",
    "fragment",
    "framework",
    "function",
    "garbage",
    "gradient",
    "granularity",
    "graph",
    "handler",
    "hash",
    "heap",
    "histogram",
    "hotspot",
    "index",
    "inference",
    "inlining",
    "instruction",
    "interpreter",
    "invariant",
    "iterator",
    "jitter",
    "kernel",
    "latency",
    "layout",
    "lease",
    "library",
    "linker",
    "locality",
    "lock",
    "logarithm",
    "loop",
    "matrix",
    "memory",
    "message",
    "metadata",
    "microbenchmark",
    "migration",
    "model",
    "mutex",
    "network",
    "node",
    "numerics",
    "offset",
    "optimizer",
    "overflow",
    "packet",
    "page",
    "parallelism",
    "parser",
    "partition",
    "payload",
    "pipeline",
    "pointer",
    "pool",
    "precision",
    "predicate",
    "prefetch",
    "profile",
    "protocol",
    "queue",
    "quorum",
    "random",
    "range",
    "reader",
    "record",
    "recursion",
    "reduction",
    "register",
    "replica",
    "request",
    "resolution",
    "retry",
    "rollback",
    "runtime",
    "sampling",
    "scheduler",
    "schema",
    "segment",
    "serialization",
    "server",
    "shard",
    "signal",
    "snapshot",
    "socket",
    "sparse",
    "stack",
    "stall",
    "storage",
    "stream",
    "stride",
    "subsystem",
    "syscall",
    "tensor",
    "thread",
    "throughput",
    "timeout",
    "token",
    "topology",
    "trace",
    "transaction",
    "tree",
    "tuple",
    "underflow",
    "vector",
    "version",
    "warmup",
    "workload",
    "writer",
]
VERBS = [
    "reduces",
    "increases",
    "hides",
    "exposes",
    "dominates",
    "bounds",
    "amortizes",
    "doubles",
    "halves",
    "shifts",
]
TAGS = [
    "performance",
    "python",
    "c",
    "rust",
    "numpy",
    "linear-algebra",
    "caching",
    "databases",
    "networking",
    "compilers",
    "gpu",
    "cuda",
    "profiling",
    "benchmarks",
    "numerics",
    "floating-point",
    "concurrency",
    "distributed-systems",
    "storage",
    "kubernetes",
    "machine-learning",
    "pytorch",
    "inference",
    "training",
    "memory",
    "simd",
    "testing",
    "observability",
    "security",
    "algorithms",
]
CATEGORIES = ["Performance", "Numerics", "Systems", "Machine Learning", "Tooling", "Databases"]

PYTHON = '''def {name}(values, window={n}):
    """Rolling {word} over a window of samples."""
    total = 0.0
    out = []
    for index, value in enumerate(values):
        total += value
        if index >= window:
            total -= values[index - window]
        out.append(total / min(index + 1, window))
    return out'''
C = """static double {name}(const double *a, size_t n) {{
    double acc = 0.0;
    for (size_t i = 0; i < n; i += {n}) {{
        acc += a[i] * a[i];
    }}
    return acc;
}}"""
BASH = """for size in 64 256 1024 4096; do
    ./bench --{word} --size "$size" --repeat {n} | tee -a results.txt
done"""


def sentence(rng):
    words = rng.sample(VOCABULARY, rng.randint(6, 12))
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    text = " ".join(words)
    if rng.random() < 0.3:
        text += f" with `{rng.choice(VOCABULARY)}_{rng.randint(1, 99)}`"
    return text.capitalize() + "."


def paragraph(rng, words):
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(sentence(rng))
    return " ".join(sentences)


def article(index, rng):
    title = f"{rng.choice(VOCABULARY).capitalize()} {rng.choice(VOCABULARY)} and {rng.choice(VOCABULARY)} ({index})"
    tags = ", ".join(rng.sample(TAGS, rng.randint(2, 4)))
    date = f"20{20 + index % 7}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    parts = [
        f"Title: {title}",
        f"Date: {date}",
        f"Tags: {tags}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Summary: {sentence(rng)}",
        "",
        paragraph(rng, 90),
    ]
    code = [
        ("python", PYTHON),
        ("c", C),
        ("bash", BASH),
    ]
    rng.shuffle(code)
    for section in range(6):
        parts += ["", f"## {rng.choice(VOCABULARY).capitalize()} {rng.choice(VOCABULARY)}", ""]
        parts += [paragraph(rng, 95), "", paragraph(rng, 85)]
        if section < 3:
            language, template = code[section]
            body = template.format(
                name=f"{rng.choice(VOCABULARY)}_{section}",
                n=rng.randint(2, 64),
                word=rng.choice(VOCABULARY),
            )
            parts += ["", f"```{language}", body, "```"]
        if section == 3:
            parts += ["", "| size | before (ms) | after (ms) | speedup |", "|---:|---:|---:|---:|"]
            for size in (64, 256, 1024, 4096, 16384):
                before = rng.uniform(1, 100)
                after = before / rng.uniform(1.2, 9)
                parts.append(f"| {size} | {before:.2f} | {after:.2f} | {before / after:.1f}× |")
        if section == 4:
            parts += [""] + [f"- {sentence(rng)}" for _ in range(4)]
    return "\n".join(parts) + "\n"


def write_corpus(folder, n, seed=1234):
    """Write n articles into folder (created); the same n and seed give the same files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for index in range(n):
        (folder / f"article-{index:04d}.md").write_text(article(index, rng), encoding="utf-8")
    return folder
