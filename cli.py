"""Run the ``liptako`` command line from a checkout: ``python cli.py build``.

The commands live in :mod:`geo.cli` (the installed ``liptako`` script runs the same ``main``);
this file only keeps ``python cli.py ...`` and ``from cli import main`` working.
"""

from geo.cli import DEFAULT_OUT, MAPS, main

__all__ = ["DEFAULT_OUT", "MAPS", "main"]

if __name__ == "__main__":
    main()
