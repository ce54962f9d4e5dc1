"""Old name of `python -m research.vision_tags`, kept because users typed it."""
from research.vision_tags import main

if __name__ == "__main__":
    raise SystemExit(main())
