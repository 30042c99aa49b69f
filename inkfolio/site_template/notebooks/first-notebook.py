# ---
# title: "A first notebook"
# date: @@TODAY@@
# tags: [notebooks]
# summary: "A notebook article: its code runs when the site is built, once, and its
#   outputs are cached until the code changes."
# @@PUBLISH_LINE_COMMENTED@@jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
# ---

# %% [markdown]
# This is a jupytext notebook: a Python file with `# %%` cells, which Jupyter and VS Code
# open as a notebook. An `.ipynb` file works just as well. The build executes it once;
# editing this prose never runs it again.

# %%
import math

squares = [n * n for n in range(1, 11)]
print("sum of the first ten squares:", sum(squares))
print("and by the formula n(n+1)(2n+1)/6:", 10 * 11 * 21 // 6)

# %% [markdown]
# The $\sqrt{2}$ that Python computes, to the last digit a float holds:

# %%
math.sqrt(2)
