"""Old name of `python -m research.evaluate`, kept because users typed it."""
from research.evaluate import main

if __name__ == "__main__":
    raise SystemExit(main())
