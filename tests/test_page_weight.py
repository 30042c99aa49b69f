"""A typical article (about 1,200 words, code, a table, math) weighs under 30 KB."""

import random

from test_site import page_weight

WORDS = [
    "cache",
    "line",
    "memory",
    "latency",
    "bandwidth",
    "throughput",
    "vector",
    "register",
    "kernel",
    "loop",
    "compiler",
    "branch",
    "stride",
    "tile",
    "block",
    "matrix",
    "column",
    "row",
    "float",
    "precision",
    "error",
    "benchmark",
    "measure",
    "median",
    "variance",
    "allocation",
    "pointer",
    "thread",
    "core",
    "socket",
]


def prose(rng, words):
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18)))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


def typical_article():
    rng = random.Random(7)
    sections = []
    for number in range(5):
        sections.append(f"## Section {number + 1}\n\n{prose(rng, 110)}\n\n{prose(rng, 100)}\n")
    code = "\n".join(f"    total += values[i] * weights[{i % 7}]  # step {i}" for i in range(14))
    sections.insert(
        2, f"```python\ndef dot(values, weights):\n    total = 0.0\n{code}\n    return total\n```\n"
    )
    sections.insert(
        4,
        "```c\nfor (size_t i = 0; i < n; i++)\n    for (size_t k = 0; k < n; k++)\n"
        "        for (size_t j = 0; j < n; j++)\n            C[i*n+j] += A[i*n+k] * B[k*n+j];\n```\n",
    )
    sections.insert(
        5,
        "| n | naive (s) | tiled (s) |\n|---|---|---|\n"
        + "\n".join(f"| {2**k} | {k * 0.37:.2f} | {k * 0.05:.2f} |" for k in range(6, 12))
        + "\n",
    )
    sections.insert(
        1,
        "The cost is $O(n^3)$ and the intensity $\\frac{2n^3}{3n^2}$.\n\n"
        "$$\nC_{ij} = \\sum_{k=1}^{n} A_{ik} B_{kj}\n$$\n",
    )
    return (
        "---\ntitle: A typical article\ndate: 2026-05-01\ntags: [performance]\n---\n\n"
        + "\n".join(sections)
    )


def test_typical_article_is_under_30_kb(make_site):
    text = typical_article()
    assert 1150 < len(text.split()) < 1450
    build = make_site({"content/articles/typical.md": text})
    assert build.returncode == 0, build.log
    path = build.output / "blog/a-typical-article/index.html"
    weight = page_weight(build.output, path, "https://fixture.example.org")
    assert weight < 30_000, weight
