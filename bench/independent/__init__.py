"""An independent synthetic county registry, written without reading hedui's linker.

``python -m bench.independent.generate --people 40000 --seed 3 --year 2025 --out DIR`` writes
three canonical source files (village ledgers, hospital birth certificates, police household
registration) for one county and one year, with the truth needed to score a linker on them.
See README.md in this folder.
"""
