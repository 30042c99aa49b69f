"""inkfolio: a static blog and portfolio generator for engineers, built on Pelican."""

__version__ = "0.2.0"
